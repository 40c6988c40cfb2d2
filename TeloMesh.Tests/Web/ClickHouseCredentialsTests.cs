using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;
using TeloMesh.Core.ClickHouse;
using TeloMesh.Core.Events;
using TeloMesh.Web.Services;

namespace TeloMesh.Tests.Web;

/// <summary>
/// The server's ClickHouse user and password go only to allowed hosts: a signed-in user who types the address of a
/// server of their own gets a connection without them. A fake HTTP server records what reaches it.
/// </summary>
public sealed class ClickHouseCredentialsTests : IDisposable
{
    private const string Password = "s3cret-of-the-server";
    private readonly TestFiles.TempFolder _folder = new();
    private readonly FakeHttpServer _fake = new();

    public void Dispose()
    {
        _fake.Dispose();
        _folder.Dispose();
    }

    private AnalysisStore Store(params string[] allowedHosts) => new(Options.Create(new TeloMeshOptions
    {
        DataRoot = _folder.File("data"),
        OutputsRoot = _folder.File("outputs"),
        CreateDemoDataset = false,
        ClickHouseUser = "analyst",
        ClickHousePassword = Password,
        ClickHouseAllowedHosts = allowedHosts,
    }), TimeProvider.System);

    [Fact]
    public async Task An_address_typed_on_the_page_gets_no_server_credentials()
    {
        using var store = Store(); // default: only the configured http://127.0.0.1:8123
        await Assert.ThrowsAsync<InvalidInputException>(() => store.TestClickHouseAsync(new ClickHouseDataset { Url = _fake.Url, Table = "events" }));

        var request = Assert.Single(_fake.Requests);
        Assert.DoesNotContain("X-ClickHouse-Key", request, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("X-ClickHouse-User", request, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Authorization", request, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Password, request, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_allowed_host_gets_them_so_the_fake_server_would_see_a_leak()
    {
        using var store = Store($"127.0.0.1:{_fake.Port}");
        await Assert.ThrowsAsync<InvalidInputException>(() => store.TestClickHouseAsync(new ClickHouseDataset { Url = _fake.Url, Table = "events" }));

        var request = Assert.Single(_fake.Requests);
        Assert.Contains($"X-ClickHouse-Key: {Password}", request, StringComparison.Ordinal);
        Assert.Contains("X-ClickHouse-User: analyst", request, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_shard_off_the_list_withholds_them_from_every_address()
    {
        using var store = Store($"127.0.0.1:{_fake.Port}");
        var dataset = new ClickHouseDataset { Url = _fake.Url, Table = "events", Shards = [_fake.Url, "http://collector.example:8123/"] };
        await Assert.ThrowsAsync<InvalidInputException>(() => store.TestClickHouseAsync(dataset));

        Assert.NotEmpty(_fake.Requests);
        Assert.All(_fake.Requests, r => Assert.DoesNotContain(Password, r, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(new string[0], "http://127.0.0.1:8123", true)]     // the configured URL alone
    [InlineData(new string[0], "http://127.0.0.1:9000", false)]    // same host, another port
    [InlineData(new string[0], "http://evil.example:8123", false)]
    [InlineData(new[] { "ch.internal" }, "https://CH.internal:8443", true)] // a host without a port: any port
    [InlineData(new[] { "ch.internal:8123" }, "http://ch.internal:8124", false)]
    [InlineData(new[] { "http://ch.internal:8123/" }, "http://ch.internal:8123", true)] // a URL: its host and port
    [InlineData(new[] { "ch.internal" }, "http://ch.internal.evil.example:8123", false)] // not a suffix match
    public void The_allow_list_matches_host_and_port(string[] allowed, string url, bool expected)
    {
        var options = new TeloMeshOptions { ClickHouseAllowedHosts = allowed };
        Assert.Equal(expected, options.MayReceiveCredentials(new ClickHouseDataset { Url = url, Table = "events" }));
    }

    /// <summary>Answers every HTTP request with 500 after recording its request line and headers.</summary>
    private sealed class FakeHttpServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly List<string> _requests = [];

        public FakeHttpServer()
        {
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _ = Task.Run(AcceptAsync);
        }

        public int Port { get; }

        public string Url => $"http://127.0.0.1:{Port}/";

        public IReadOnlyList<string> Requests
        {
            get { lock (_requests) return [.. _requests]; }
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var stream = client.GetStream();
                var head = new StringBuilder();
                var buffer = new byte[4096];
                while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var n = await stream.ReadAsync(buffer, _stop.Token);
                    if (n == 0) break;
                    head.Append(Encoding.ASCII.GetString(buffer, 0, n));
                }
                lock (_requests) _requests.Add(head.ToString());
                var answer = Encoding.ASCII.GetBytes("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\nConnection: close\r\n\r\nfake");
                await stream.WriteAsync(answer, _stop.Token);
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }
    }
}
