using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using TeloMesh.Core.ClickHouse;

namespace TeloMesh.Tests.Core.ClickHouse;

/// <summary>
/// Two real ClickHouse servers (Debian's clickhouse-server) on free loopback ports, each in its own temporary folder,
/// started once for the test collection and stopped afterwards. The first server's configuration names both in a
/// <c>remote_servers</c> cluster <c>two_shards</c>, so a <c>Distributed</c> table on it reads each shard once. A
/// missing server is a failure that says what to install, never a skipped test.
/// </summary>
public sealed class ClickHouseServers : IAsyncLifetime
{
    public const string Cluster = "two_shards";
    private const string ServerBinary = "/usr/sbin/clickhouse-server";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "telomesh-clickhouse-" + Guid.NewGuid().ToString("N"));
    private readonly List<Process> _processes = [];

    public ClickHouseServer First { get; private set; } = null!;
    public ClickHouseServer Second { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ServerBinary))
            throw new InvalidOperationException("The ClickHouse tests need Debian's ClickHouse: run ./test.sh (it installs it), or " +
                "apt-get install -y clickhouse-server clickhouse-client as root.");
        var ports = FreePorts(6);
        var a = new ClickHouseServer(ports[0], ports[1], ports[2]);
        var b = new ClickHouseServer(ports[3], ports[4], ports[5]);
        var cluster = $"<{Cluster}><shard><replica><host>127.0.0.1</host><port>{a.TcpPort}</port></replica></shard>" +
            $"<shard><replica><host>127.0.0.1</host><port>{b.TcpPort}</port></replica></shard></{Cluster}>";
        await Task.WhenAll(StartAsync("a", a, cluster), StartAsync("b", b, ""));
        (First, Second) = (a, b);
    }

    private async Task StartAsync(string name, ClickHouseServer server, string cluster)
    {
        var folder = Path.Combine(_root, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "config.xml"), $"""
            <?xml version="1.0"?>
            <yandex>
              <logger><level>warning</level><log>{folder}/server.log</log><errorlog>{folder}/server.err.log</errorlog></logger>
              <http_port>{server.HttpPort}</http_port>
              <tcp_port>{server.TcpPort}</tcp_port>
              <interserver_http_port>{server.InterserverPort}</interserver_http_port>
              <listen_host>127.0.0.1</listen_host>
              <max_concurrent_queries>100</max_concurrent_queries>
              <mark_cache_size>268435456</mark_cache_size>
              <path>{folder}/data/</path>
              <tmp_path>{folder}/tmp/</tmp_path>
              <user_files_path>{folder}/user_files/</user_files_path>
              <format_schema_path>{folder}/format_schemas/</format_schema_path>
              <users_config>users.xml</users_config>
              <default_profile>default</default_profile>
              <default_database>default</default_database>
              <timezone>UTC</timezone>
              <remote_servers>{cluster}</remote_servers>
              <macros><cluster>{Cluster}</cluster></macros>
            </yandex>
            """);
        File.WriteAllText(Path.Combine(folder, "users.xml"), $"""
            <?xml version="1.0"?>
            <yandex>
              <profiles><default><max_memory_usage>4000000000</max_memory_usage></default></profiles>
              <users>
                <default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default>
                <{ClickHouseServer.AnalystUser}><password>{ClickHouseServer.AnalystPassword}</password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></{ClickHouseServer.AnalystUser}>
              </users>
              <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
            </yandex>
            """);
        var start = new ProcessStartInfo(ServerBinary, ["--config-file=" + Path.Combine(folder, "config.xml")])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("clickhouse-server did not start.");
        lock (_processes) _processes.Add(process);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (process.HasExited)
                throw new InvalidOperationException($"clickhouse-server exited with code {process.ExitCode}: " + Log(folder));
            try
            {
                if ((await http.GetStringAsync(server.Url + "ping")).StartsWith("Ok", StringComparison.Ordinal)) return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        throw new InvalidOperationException("clickhouse-server did not answer within 30 s: " + Log(folder));
    }

    private static string Log(string folder)
    {
        var err = Path.Combine(folder, "server.err.log");
        return File.Exists(err) ? File.ReadAllText(err) : "(no error log)";
    }

    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        listeners.ForEach(l => l.Stop());
        return ports;
    }

    public Task DisposeAsync()
    {
        foreach (var p in _processes)
        {
            try
            {
                p.Kill(entireProcessTree: true);
                p.WaitForExit(10_000);
            }
            catch (InvalidOperationException)
            {
            }
            p.Dispose();
        }
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
        return Task.CompletedTask;
    }
}

/// <summary>One test server: its ports and a client for it.</summary>
public sealed record ClickHouseServer(int HttpPort, int TcpPort, int InterserverPort)
{
    public const string AnalystUser = "analyst", AnalystPassword = "s3cret-pw";

    public string Url => $"http://127.0.0.1:{HttpPort}/";

    public ClickHouseHttpClient Client(string? user = null, string? password = null) =>
        new(new ClickHouseConnection { Url = new Uri(Url), User = user, Password = password });
}

[CollectionDefinition(Name)]
public sealed class ClickHouseCollection : ICollectionFixture<ClickHouseServers>
{
    public const string Name = "ClickHouse";
}
