using Microsoft.Extensions.Options;
using TeloMesh.Core.Events;
using TeloMesh.Core.Journeys;
using TeloMesh.Core.Pipeline;
using TeloMesh.Web.Services;

namespace TeloMesh.Tests.Web;

/// <summary>
/// The store's comparisons on <see cref="CompareShop"/> (its two weeks worked out by hand there): counted with the
/// analysis's own gap and goals, the last one kept per analysis, another dataset as the baseline, the segment columns.
/// </summary>
public sealed class AnalysisStoreComparisonTests : IDisposable
{
    private static readonly Slice WeekA = new(new DateTime(2025, 3, 3, 0, 0, 0, DateTimeKind.Utc), new DateTime(2025, 3, 10, 0, 0, 0, DateTimeKind.Utc));
    private static readonly Slice WeekB = new(new DateTime(2025, 3, 10, 0, 0, 0, DateTimeKind.Utc), new DateTime(2025, 3, 17, 0, 0, 0, DateTimeKind.Utc));

    private readonly TestFiles.TempFolder _folder = new();
    private readonly AnalysisStore _store;

    public AnalysisStoreComparisonTests()
    {
        _store = new AnalysisStore(Options.Create(new TeloMeshOptions
        {
            DataRoot = _folder.File("data"),
            OutputsRoot = _folder.File("outputs"),
            CreateDemoDataset = false,
        }), TimeProvider.System);
        Add("shop", CompareShop.Csv());
    }

    public void Dispose()
    {
        _store.Dispose();
        _folder.Dispose();
    }

    private void Add(string name, string csv)
    {
        Directory.CreateDirectory(Path.Combine(_folder.File("data"), name));
        File.WriteAllText(Path.Combine(_folder.File("data"), name, "events.csv"), csv);
    }

    [Fact]
    public async Task The_last_comparison_is_kept_until_the_dataset_is_analysed_again()
    {
        var first = await _store.CompareSlicesAsync("shop", WeekA, WeekB);
        Assert.Equal((40, 40, 6, 3), (first.A.Sessions, first.B.Sessions, first.Changes.Count, first.Hidden));
        Assert.Same(first, await _store.CompareSlicesAsync("shop", WeekA, WeekB));
        // Another question is asked anew: at a minimum support of 3 the exits of /checkout (28 and 12 visits), /error (4 and 16)
        // and /help (4 and 4) are tested too.
        Assert.Equal(9, (await _store.CompareSlicesAsync("shop", WeekA, WeekB, minSupport: 3)).Changes.Count);

        // New goals make a new analysis: its comparison counts conversions (28 of 40 in A, 12 of 40 in B).
        await _store.AnalyzeAsync("shop", AnalysisOptions.Default with { Goals = new GoalSet(["/checkout"], []) });
        var withGoals = await _store.CompareSlicesAsync("shop", WeekA, WeekB);
        Assert.NotSame(first, withGoals);
        Assert.Equal((28, 12, true), (withGoals.A.Converted, withGoals.B.Converted, withGoals.WithGoals));
    }

    [Fact]
    public async Task Another_dataset_is_the_baseline_and_never_the_dataset_itself()
    {
        Add("week-a", string.Join('\n', CompareShop.Csv().Split('\n').Where(l => !l.StartsWith('b'))));
        var result = await _store.CompareDatasetsAsync("shop", "week-a");
        Assert.Equal(("dataset 'week-a'", 40L, "dataset 'shop'", 80L), (result.A.Description, result.A.Sessions, result.B.Description, result.B.Sessions));
        Assert.Same(result, await _store.CompareDatasetsAsync("shop", "week-a"));

        // Both ways at once: the datasets are locked in name order, so neither waits for the other for ever.
        var both = await Task.WhenAll(_store.CompareDatasetsAsync("week-a", "shop", 10), _store.CompareDatasetsAsync("shop", "week-a", 10)).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal((80L, 40L), (both[0].A.Sessions, both[1].A.Sessions));

        Assert.Equal("Dataset 'shop' compared with itself has no changes: choose another dataset.",
            (await Assert.ThrowsAsync<InvalidInputException>(() => _store.CompareDatasetsAsync("shop", "shop"))).Message);
    }

    /// <summary>
    /// The baseline is counted the way the dataset is: shop grouped /error and /help into /trouble, week-a (shop's week A
    /// alone) not grouped. Out of /cart, week A has 36 transitions, 4 to /error and 4 to /help: 8 to /trouble; the two weeks
    /// have 36 + 32, and 8 + 20 to /trouble. Neither /error nor /help is left on either side.
    /// </summary>
    [Fact]
    public async Task The_baseline_dataset_is_counted_with_the_datasets_grouping_rules()
    {
        Add("week-a", string.Join('\n', CompareShop.Csv().Split('\n').Where(l => !l.StartsWith('b'))));
        await _store.AnalyzeAsync("shop", AnalysisOptions.Default with { PageRules = TeloMesh.Core.Grouping.PageRules.Parse("~/(error|help) => /trouble") });
        var result = await _store.CompareDatasetsAsync("shop", "week-a", minSupport: 1);
        var trouble = result.Changes.Single(c => c.Kind == TeloMesh.Core.Comparison.ChangeKind.Transition && c.Page == "/cart" && c.ToPage == "/trouble");
        Assert.Equal((8L, 36L, 28L, 68L), (trouble.CountA, trouble.TotalA, trouble.CountB, trouble.TotalB));
        Assert.DoesNotContain(result.Changes, c => c.Page is "/error" or "/help" || c.ToPage is "/error" or "/help");
    }

    [Fact]
    public async Task Segment_columns_are_counted_by_sessions_first_steps()
    {
        var column = Assert.Single(await _store.SegmentsAsync("shop"));
        Assert.Equal(("platform", 0, 0), (column.Name, column.Others, column.Empty));
        Assert.Equal([("ios", 40), ("web", 40)], column.Values);
    }
}
