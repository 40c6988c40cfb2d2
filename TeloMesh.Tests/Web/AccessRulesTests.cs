using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Configuration;
using TeloMesh.Web.Services.Access;

namespace TeloMesh.Tests.Web;

/// <summary>The rules behind sign-in, without a server: which addresses are loopback, when start-up is refused, the throttle.</summary>
public sealed class AccessRulesTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5193", true)]
    [InlineData("http://127.8.9.10:80", true)]
    [InlineData("http://localhost:5000", true)]
    [InlineData("https://LOCALHOST:5001", true)]
    [InlineData("http://[::1]:5193", true)]
    [InlineData("http://unix:/tmp/telomesh.sock", true)]
    [InlineData("http://0.0.0.0:5193", false)]
    [InlineData("http://*:80", false)]
    [InlineData("http://+:80", false)]
    [InlineData("http://[::]:5193", false)]
    [InlineData("http://192.168.1.20:5193", false)]
    [InlineData("http://10.0.0.1:80", false)]
    [InlineData("http://telomesh.example.com:80", false)]
    [InlineData("not a url", false)]
    public void Loopback_is_this_machine_only(string address, bool loopback) =>
        Assert.Equal(loopback, BindAddresses.IsLoopback(address));

    private static IConfiguration Config(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    [Fact]
    public void Addresses_come_from_urls_kestrel_endpoints_and_ports()
    {
        Assert.Empty(BindAddresses.FromConfiguration(Config()));
        Assert.Equal(["http://127.0.0.1:1", "http://0.0.0.0:2"], BindAddresses.FromConfiguration(Config(("urls", "http://127.0.0.1:1; http://0.0.0.0:2"))));
        Assert.Equal(["http://*:8080"], BindAddresses.FromConfiguration(Config(("http_ports", "8080"))));
        // A URL wins over the ports setting, as in Kestrel.
        Assert.Equal(["http://127.0.0.1:1"], BindAddresses.FromConfiguration(Config(("urls", "http://127.0.0.1:1"), ("http_ports", "8080"))));
        Assert.Equal(["http://10.1.1.1:80", "http://127.0.0.1:1"],
            BindAddresses.FromConfiguration(Config(("Kestrel:Endpoints:Lan:Url", "http://10.1.1.1:80"), ("urls", "http://127.0.0.1:1"))));
    }

    [Theory]
    [InlineData("urls", "http://0.0.0.0:5193")]
    [InlineData("urls", "http://127.0.0.1:5193;http://*:5194")]
    [InlineData("https_ports", "443")]
    [InlineData("Kestrel:Endpoints:Lan:Url", "http://192.168.1.20:5193")]
    public void A_reachable_address_without_a_key_is_refused_with_how_to_set_one(string setting, string value)
    {
        var problem = AccessOptionsValidation.Problem(Config((setting, value)));
        Assert.NotNull(problem);
        Assert.Contains("without an access key", problem, StringComparison.Ordinal);
        Assert.Contains("TeloMesh__AccessKey", problem, StringComparison.Ordinal);
        Assert.Null(AccessOptionsValidation.Problem(Config((setting, value), ("TeloMesh:AccessKey", "0123456789abcdef"))));
    }

    [Fact]
    public void Loopback_needs_no_key_and_a_short_key_is_refused()
    {
        Assert.Null(AccessOptionsValidation.Problem(Config(("urls", "http://127.0.0.1:5193"))));
        Assert.Null(AccessOptionsValidation.Problem(Config()));
        Assert.Contains("at least 16", AccessOptionsValidation.Problem(Config(("TeloMesh:AccessKey", "short"))), StringComparison.Ordinal);
    }

    [Fact]
    public void The_key_matches_exactly()
    {
        var access = new AccessOptions { AccessKey = "0123456789abcdef" };
        Assert.True(access.Matches("0123456789abcdef"));
        Assert.False(access.Matches("0123456789abcdeF"));
        Assert.False(access.Matches("0123456789abcdef "));
        Assert.False(access.Matches(""));
        Assert.False(access.Matches(null));
        Assert.False(new AccessOptions().Matches(""));
    }

    [Fact]
    public void Throttle_blocks_an_address_after_five_failures_for_the_rest_of_the_minute()
    {
        var clock = new ManualClock();
        var throttle = new SignInThrottle(clock);
        var guesser = IPAddress.Parse("203.0.113.7");
        var colleague = IPAddress.Parse("203.0.113.8");
        for (var i = 0; i < SignInThrottle.MaxFailures; i++)
        {
            Assert.Equal(TimeSpan.Zero, throttle.RetryAfter(guesser));
            throttle.Failed(guesser);
            clock.Advance(TimeSpan.FromSeconds(2));
        }
        Assert.Equal(TimeSpan.FromSeconds(50), throttle.RetryAfter(guesser)); // the first failure was 10 s ago
        Assert.Equal(TimeSpan.Zero, throttle.RetryAfter(colleague));
        clock.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal(TimeSpan.Zero, throttle.RetryAfter(guesser)); // the oldest failure has left the window
        throttle.Failed(guesser);
        Assert.NotEqual(TimeSpan.Zero, throttle.RetryAfter(guesser));
        throttle.Succeeded(guesser);
        Assert.Equal(TimeSpan.Zero, throttle.RetryAfter(guesser));
    }

    [Fact]
    public void Guesses_spread_over_many_addresses_are_throttled_in_all()
    {
        var clock = new ManualClock();
        var throttle = new SignInThrottle(clock);
        // 20 addresses, one wrong key each, one second apart: no address reaches its own limit of 5...
        for (var i = 0; i < SignInThrottle.MaxFailuresInAll; i++)
        {
            var address = IPAddress.Parse($"198.51.100.{i + 1}");
            Assert.Equal(TimeSpan.Zero, throttle.RetryAfter(address));
            throttle.Failed(address);
            clock.Advance(TimeSpan.FromSeconds(1));
        }
        // ...but the 21st guess, from a new address, waits until the first failure (20 s ago) is a minute old.
        Assert.Equal(TimeSpan.FromSeconds(40), throttle.RetryAfter(IPAddress.Parse("198.51.100.200")));
        clock.Advance(TimeSpan.FromSeconds(40));
        Assert.Equal(TimeSpan.Zero, throttle.RetryAfter(IPAddress.Parse("198.51.100.200")));
    }

    [Theory]
    [InlineData("                ")] // 16 spaces: long enough, but no secret
    [InlineData("\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t")]
    public void A_blank_key_is_refused_however_long(string key) =>
        Assert.Contains("blank", AccessOptionsValidation.Problem(Config(("TeloMesh:AccessKey", key), ("urls", "http://0.0.0.0:5193"))), StringComparison.Ordinal);

    [Fact]
    public void A_trusted_proxy_is_an_address_or_a_network()
    {
        Assert.Null(AccessOptionsValidation.Problem(Config(("TeloMesh:TrustedProxies:0", "10.0.0.5"), ("TeloMesh:TrustedProxies:1", "fd00::/8"))));
        Assert.Contains("'proxy.internal'", AccessOptionsValidation.Problem(Config(("TeloMesh:TrustedProxies:0", "proxy.internal"))), StringComparison.Ordinal);
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }

    [Fact]
    public async Task The_real_server_refuses_to_start_on_all_interfaces_without_a_key()
    {
        var dll = Path.Combine(EndToEnd.DashboardServer.RepositoryRoot(), "TeloMesh.Web", "bin", BuildConfiguration(), "net10.0", "TeloMesh.Web.dll");
        Assert.True(File.Exists(dll), $"The dashboard is built beside the tests: {dll}");
        using var folder = new TestFiles.TempFolder();
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", "http://0.0.0.0:0"])
        {
            WorkingDirectory = folder.Path,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.Environment.Remove("TeloMesh__AccessKey");
        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(1, process.ExitCode);
        Assert.StartsWith("error: TeloMesh will not listen on http://0.0.0.0:0 without an access key", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "data"))); // refused before doing anything
    }

    private static string BuildConfiguration() =>
        typeof(AccessRulesTests).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyConfigurationAttribute), false)
            .OfType<System.Reflection.AssemblyConfigurationAttribute>().Single().Configuration;
}
