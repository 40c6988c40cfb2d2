using System.Runtime.CompilerServices;
using TeloMesh.Core.Comparison;
using TeloMesh.Core.Datasets;
using TeloMesh.Core.Events;
using TeloMesh.Core.Journeys;

namespace TeloMesh.Web.Services;

/// <summary>
/// The store's comparisons (docs/metrics.md section 9): two slices of a dataset or two datasets, the last answer of each
/// kept with its analysis, and the latest written into the dataset's outputs for the report.
/// </summary>
public sealed partial class AnalysisStore
{
    // Keyed by the analysis itself and held weakly: a re-analysis (other goals, say) or a dataset the memory budget
    // drops takes its comparison with it, and a kept comparison never keeps an analysis's events in memory.
    private readonly ConditionalWeakTable<DatasetAnalysis, LastComparison> _comparisons = new();

    /// <summary>
    /// The last comparison of an analysis: what was asked and, for two datasets, the other one's analysis (weakly: the
    /// answer holds only while it is still the current analysis of that dataset).
    /// </summary>
    private sealed record LastComparison(object Request, WeakReference<DatasetAnalysis>? Other, ComparisonResult Result);

    /// <summary>
    /// Compares slice <paramref name="a"/> (the baseline) with slice <paramref name="b"/> of dataset <paramref name="name"/>,
    /// its sessions made and counted with the gap and goals of its current analysis: in memory from the sessions that
    /// analysis already made, or in ClickHouse for a ClickHouse dataset. The last comparison of each dataset is kept, so
    /// the page and its downloads ask only once. A slice without sessions, or a segment column or value the events do
    /// not have, is an <see cref="InvalidInputException"/> that says what there is.
    /// </summary>
    public async Task<ComparisonResult> CompareSlicesAsync(string name, Slice a, Slice b, int minSupport = Comparator.DefaultMinSupport,
        CancellationToken cancellationToken = default)
    {
        var analysis = await GetAsync(name, cancellationToken: cancellationToken);
        var request = (a, b, minSupport);
        if (LastAnswer(analysis, request, null) is { } known) return known;
        var aggregates = analysis.Result.Aggregates;
        var result = await LockedAsync(name, cancellationToken, async () =>
        {
            var compared = await WithSource(analysis, source =>
                Comparisons.CompareSlicesAsync(source, aggregates.Key, a, b, minSupport, aggregates, cancellationToken));
            KeepLatest(name, compared, aggregates.Key);
            return compared;
        });
        _comparisons.AddOrUpdate(analysis, new LastComparison(request, null, result));
        return result;
    }

    /// <summary>
    /// Compares every session of dataset <paramref name="baseline"/> (A) with every session of dataset <paramref name="name"/>
    /// (B), both counted the way B is: its session gap, grouping rules and goals, so sessions, page types and success mean
    /// the same on both sides (as the command line's <c>compare --against</c>); the baseline is analysed first if it is not loaded.
    /// Both datasets are locked, in name order so two opposite comparisons cannot wait for each other.
    /// </summary>
    public async Task<ComparisonResult> CompareDatasetsAsync(string name, string baseline, int minSupport = Comparator.DefaultMinSupport,
        CancellationToken cancellationToken = default)
    {
        if (baseline == name)
            throw new InvalidInputException($"Dataset '{name}' compared with itself has no changes: choose another dataset.");
        if (!Exists(baseline)) throw new InvalidInputException($"There is no dataset called '{baseline}' to compare with.");
        var analysisB = await GetAsync(name, cancellationToken: cancellationToken);
        var analysisA = await GetAsync(baseline, cancellationToken: cancellationToken);
        var request = (baseline, minSupport);
        if (LastAnswer(analysisB, request, analysisA) is { } known) return known;
        var keyB = analysisB.Result.Aggregates.Key;
        var (first, second) = string.CompareOrdinal(name, baseline) < 0 ? (name, baseline) : (baseline, name);
        var result = await LockedAsync(first, cancellationToken, () => LockedAsync(second, cancellationToken, async () =>
        {
            var compared = await WithSource(analysisA, sourceA => WithSource(analysisB, sourceB => Comparisons.CompareDatasetsAsync(
                new DatasetSide(sourceA, keyB with { Filter = analysisA.Result.Aggregates.Key.Filter }, baseline, analysisA.Result.Aggregates),
                new DatasetSide(sourceB, analysisB.Result.Aggregates.Key, name, analysisB.Result.Aggregates),
                minSupport, cancellationToken)));
            KeepLatest(name, compared, analysisB.Result.Aggregates.Key);
            return compared;
        }));
        _comparisons.AddOrUpdate(analysisB, new LastComparison(request, new WeakReference<DatasetAnalysis>(analysisA), result));
        return result;
    }

    /// <summary>
    /// Writes a comparison into the dataset's outputs as the command line's <c>compare</c> does (<c>comparison.csv</c> and
    /// <c>comparison.json</c>, with how its sessions were counted), so the report, from either face, shows the latest one.
    /// Called under the dataset's lock; a dataset deleted meanwhile gets no files back. Keeping it is a service, not the
    /// comparison: a folder that cannot be written leaves the report without it, and the page still shows the answer.
    /// </summary>
    private void KeepLatest(string name, ComparisonResult result, AggregationKey key)
    {
        if (!Exists(name)) return;
        var paths = Paths(name);
        try
        {
            DatasetRunner.KeepComparison(paths, result, clock.GetUtcNow().UtcDateTime, key);
        }
        catch (OutputWriteException)
        {
            // Said where it matters: the report made later has no comparison section.
        }
    }

    /// <summary>The kept answer to <paramref name="request"/> about <paramref name="analysis"/> (and <paramref name="other"/>), if any.</summary>
    private ComparisonResult? LastAnswer(DatasetAnalysis analysis, object request, DatasetAnalysis? other)
    {
        if (!_comparisons.TryGetValue(analysis, out var last) || !last.Request.Equals(request)) return null;
        DatasetAnalysis? kept = null;
        last.Other?.TryGetTarget(out kept);
        return ReferenceEquals(kept, other) ? last.Result : null;
    }
}
