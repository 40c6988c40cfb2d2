using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using TeloMesh.Web.Services;

namespace TeloMesh.Benchmarks.Load;

/// <summary>
/// The real dashboard, Release build, on a loopback port in this process (so its memory can be read and collected),
/// over a temporary data folder, with a circuit counter beside it (any type of TeloMesh.Web names its entry point;
/// Program would clash with this project's own). Playwright's browsers run in their own processes.
/// </summary>
internal sealed class LoadHost : IAsyncDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "telomesh-load-" + Guid.NewGuid().ToString("N"));
    private readonly WebApplicationFactory<AnalysisStore> _factory;

    public LoadHost(int demoUsers)
    {
        _factory = new WebApplicationFactory<AnalysisStore>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Production");
            web.UseSetting("TeloMesh:DataRoot", Path.Combine(_folder, "data"));
            web.UseSetting("TeloMesh:OutputsRoot", Path.Combine(_folder, "outputs"));
            web.UseSetting("TeloMesh:DemoUsers", demoUsers.ToString(System.Globalization.CultureInfo.InvariantCulture));
            web.ConfigureServices(services => services.AddSingleton(Circuits).AddScoped<CircuitHandler>(_ => new CircuitCounter(Circuits)));
        });
        _factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        BaseAddress = new Uri(_factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public Uri BaseAddress { get; }
    public string Folder => _folder;
    public CircuitCount Circuits { get; } = new();
    public AnalysisStore Store => _factory.Services.GetRequiredService<AnalysisStore>();

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Open circuits now and at most, counted by the framework's own circuit events.</summary>
    internal sealed class CircuitCount
    {
        private int _open, _peak;

        public int Open => Volatile.Read(ref _open);
        public int Peak => Volatile.Read(ref _peak);

        public void Opened()
        {
            var now = Interlocked.Increment(ref _open);
            int peak;
            while (now > (peak = Volatile.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, peak) != peak) { }
        }

        public void Closed() => Interlocked.Decrement(ref _open);
    }

    private sealed class CircuitCounter(CircuitCount count) : CircuitHandler
    {
        public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            count.Opened();
            return Task.CompletedTask;
        }

        public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            count.Closed();
            return Task.CompletedTask;
        }
    }
}

/// <summary>The process's memory: working set and managed heap, sampled in the background for the peak.</summary>
internal sealed class MemorySampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _peakWorkingSet, _peakHeap;

    public MemorySampler() => _loop = Task.Run(async () =>
    {
        while (!_stop.IsCancellationRequested)
        {
            var now = Now();
            _peakWorkingSet = Math.Max(_peakWorkingSet, now.WorkingSet);
            _peakHeap = Math.Max(_peakHeap, now.Heap);
            try
            {
                await Task.Delay(250, _stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
    });

    public (long WorkingSet, long Heap) Peak => (_peakWorkingSet, _peakHeap);

    public static (long WorkingSet, long Heap) Now()
    {
        using var process = Process.GetCurrentProcess();
        return (process.WorkingSet64, GC.GetTotalMemory(forceFullCollection: false));
    }

    /// <summary>After a full, compacting, aggressive collection (which also gives memory back to the OS).</summary>
    public static (long WorkingSet, long Heap) AfterCollection()
    {
        for (var i = 0; i < 2; i++)
        {
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        return Now();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
