using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using TeloMesh.Web.Services;

namespace TeloMesh.Tests.Web;

/// <summary>
/// The loaded analyses fit a memory budget: past <see cref="TeloMeshOptions.MaxLoadedMegabytes"/> the least recently
/// used are dropped, and read again when next asked for.
/// </summary>
public sealed class AnalysisStoreBudgetTests : IDisposable
{
    private readonly TestFiles.TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>A dataset of exactly 6,000 events: 100 bytes each by the store's estimate, 600,000 bytes.</summary>
    private void AddDataset(string name)
    {
        var csv = new StringBuilder("user_id,timestamp,page,event\n");
        var start = new DateTime(2025, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < 6000; i++)
            csv.Append(CultureInfo.InvariantCulture, $"u{i % 100},{start.AddMinutes(i / 100):yyyy-MM-ddTHH:mm:ssZ},/p{i % 10},view\n");
        var folder = Path.Combine(_folder.File("data"), name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "events.csv"), csv.ToString());
    }

    private AnalysisStore Store(int megabytes, int maxUnpackedMegabytes = 64 * 1024) => new(Options.Create(new TeloMeshOptions
    {
        DataRoot = _folder.File("data"),
        OutputsRoot = _folder.File("outputs"),
        CreateDemoDataset = false,
        MaxLoadedMegabytes = megabytes,
        MaxUnpackedMegabytes = maxUnpackedMegabytes,
    }), TimeProvider.System);

    [Fact]
    public async Task Past_the_budget_the_least_recently_used_dataset_is_dropped_and_read_again_on_demand()
    {
        AddDataset("a");
        AddDataset("b");
        using var store = Store(1); // 1 MB = 1,048,576 bytes: one 600,000-byte dataset fits, two (1,200,000) do not

        var first = await store.GetAsync("a");
        Assert.Equal(600_000, first.EstimatedBytes);
        Assert.Equal(["a"], store.Loaded);
        await store.GetAsync("b");
        Assert.Equal(["b"], store.Loaded); // a was used least recently

        var again = await store.GetAsync("a"); // read again from its file
        Assert.NotSame(first, again);
        Assert.Equal(first.Result.Friction.Points.Select(p => p.Score), again.Result.Friction.Points.Select(p => p.Score));
        Assert.Equal(["a"], store.Loaded);
    }

    [Fact]
    public async Task A_packed_source_is_held_to_the_dashboards_unpack_limit()
    {
        // 80,000 events of about 36 bytes: 2.9 MB of text, gzipped in place of the plain file.
        var text = new StringBuilder("user_id,timestamp,page,event\n");
        for (var i = 0; i < 80_000; i++) text.Append(CultureInfo.InvariantCulture, $"u{i % 1000},2025-03-01T{i / 3600 % 24:00}:{i / 60 % 60:00}:{i % 60:00}Z,/p{i % 10},view\n");
        Assert.True(text.Length > 2 << 20);
        var folder = Path.Combine(_folder.File("data"), "packed");
        Directory.CreateDirectory(folder);
        using (var gzip = new System.IO.Compression.GZipStream(File.Create(Path.Combine(folder, "events.csv")), System.IO.Compression.CompressionLevel.Optimal))
            gzip.Write(Encoding.UTF8.GetBytes(text.ToString()));

        using var strict = Store(1536, maxUnpackedMegabytes: 1);
        var e = await Assert.ThrowsAsync<TeloMesh.Core.Events.InvalidInputException>(() => strict.GetAsync("packed"));
        Assert.Equal("events.csv unpacks to more than 1 MB: more than TeloMesh reads from one file here.", e.Message);

        using var usual = Store(1536);
        Assert.Equal(80_000, (await usual.GetAsync("packed")).Result.Aggregates.TotalEvents);
    }

    [Fact]
    public async Task Within_the_budget_every_dataset_stays_loaded()
    {
        AddDataset("a");
        AddDataset("b");
        using var store = Store(2); // 2,097,152 bytes hold both
        var first = await store.GetAsync("a");
        await store.GetAsync("b");
        Assert.Same(first, await store.GetAsync("a"));
        Assert.Equal(["a", "b"], store.Loaded);
    }
}
