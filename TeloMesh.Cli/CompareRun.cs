using System.Globalization;
using TeloMesh.Core.Comparison;
using TeloMesh.Core.Datasets;
using TeloMesh.Core.Events;
using TeloMesh.Core.Export;
using TeloMesh.Core.Pipeline;
using TeloMesh.Core.Sessions;

namespace TeloMesh.Cli;

/// <summary>
/// <c>compare</c> (docs/metrics.md sections 9 and 12): reads the dataset once, makes its sessions, puts each in slice A
/// or B by its first step (or takes every session of two datasets), tests every exit, transition and conversion rate,
/// writes <c>outputs/NAME/comparison.csv</c> and prints the slices and the top ten changes in words.
/// </summary>
internal sealed class CompareRun(CliOptions options, DatasetPaths paths, ConsoleReporter reporter, TextWriter output)
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>The name of the comparison's file in the dataset's outputs.</summary>
    public const string FileName = "comparison.csv";

    public void Execute()
    {
        var compare = options.Compare!;
        var goals = options.Analysis.Goals;
        var sessions = new CliRun(options, paths, reporter, output, TimeProvider.System).ReadSessions();
        GoalCheck.ThrowIfUnmatched(goals, sessions.Events.Pages, sessions.Events.Events);
        SliceCounts a, b;
        string aName, bName;
        if (compare.Against is { } other)
        {
            var otherPaths = DatasetPaths.Create(options.DataDir, options.OutputsDir, other);
            var otherSessions = new CliRun(options, otherPaths, reporter, output, TimeProvider.System).ReadSessions();
            (a, b) = (SliceCounts.Count(otherSessions, goals), SliceCounts.Count(sessions, goals));
            (aName, bName) = ($"dataset '{other}'", $"dataset '{paths.Name}'");
        }
        else
        {
            var (sliceA, sliceB) = compare.Segment is { } column
                ? (new Slice(compare.From, compare.To, column, compare.A), new Slice(compare.From, compare.To, column, compare.B))
                : (new Slice(compare.AFrom, compare.ATo), new Slice(compare.BFrom, compare.BTo));
            var inA = sliceA.Members(sessions);
            var inB = sliceB.Members(sessions);
            Require(inA, sliceA, "A", sessions);
            Require(inB, sliceB, "B", sessions);
            var both = inA.Zip(inB).Count(x => x.First && x.Second);
            if (both > 0)
                output.WriteLine(string.Create(C, $"note: A and B overlap: {both:N0} sessions are in both (allowed; the two rates then share them)."));
            (a, b) = (SliceCounts.Count(sessions, goals, inA), SliceCounts.Count(sessions, goals, inB));
            (aName, bName) = (sliceA.ToString(), sliceB.ToString());
        }
        var result = Comparator.Compare(a, b, aName, bName, !goals.IsEmpty, compare.MinSupport);
        DatasetRunner.WriteOutputs(paths, () => ComparisonCsv.Write(paths.Output(FileName), result.Changes));
        Write(result);
    }

    /// <summary>A slice without sessions is a mistake in its bounds: say where the sessions are.</summary>
    private static void Require(bool[] members, Slice slice, string name, SessionSet sessions)
    {
        if (members.Any(m => m)) return;
        var ticks = sessions.Events.Ticks;
        long first = long.MaxValue, last = long.MinValue;
        for (var s = 0; s < sessions.Count; s++)
        {
            var t = ticks[sessions.Steps(s)[0]];
            (first, last) = (Math.Min(first, t), Math.Max(last, t));
        }
        var (from, to) = (new DateTime(first, DateTimeKind.Utc).ToString("u", C), new DateTime(last, DateTimeKind.Utc).ToString("u", C));
        throw new InvalidInputException($"Slice {name} ({slice}) has no sessions. The dataset's sessions start between {from} and {to}.");
    }

    private void Write(ComparisonResult r)
    {
        output.WriteLine();
        foreach (var (name, slice) in new[] { ("A", r.A), ("B", r.B) })
            output.WriteLine(string.Create(C, $"{name}: {slice.Description}: {slice.Sessions:N0} sessions") +
                (r.WithGoals ? string.Create(C, $", {slice.Converted:N0} converted ({slice.ConversionRate:P1})") : ""));
        if (r.ConversionTest is { } site)
            output.WriteLine(string.Create(C, $"Conversion {r.A.ConversionRate:P1} -> {r.B.ConversionRate:P1} ({PValue(site.P)})."));
        var shown = r.Changes.Count;
        output.WriteLine(string.Create(C, $"{shown:N0} tests with at least {r.MinSupport:N0} observations in both slices; {r.Hidden:N0} left out below that (--min-support)."));
        if (shown == 0)
        {
            output.WriteLine(string.Create(C, $"Nothing to compare: no rate has {r.MinSupport:N0} observations in both slices. Widen the slices or lower --min-support."));
            return;
        }
        var significant = r.Changes.Count(c => c.Significant);
        output.WriteLine(string.Create(C, $"{significant:N0} significant (q < 0.05), {r.Changes.Count(c => c.Significant && c.Worse):N0} of them worse. Top changes:"));
        foreach (var change in r.Changes.Take(10)) output.WriteLine("  " + Words(change));
        output.WriteLine($"All {shown:N0} in {paths.Output(FileName)}.");
    }

    /// <summary>A change as a product manager reads it.</summary>
    internal static string Words(Change c)
    {
        var rates = string.Create(C, $"{c.RateA:P1} -> {c.RateB:P1} ({PValue(c.Q, "q")})");
        // Only a significant change is called worse; a new or vanished transition is said whatever its q.
        var mark = c.Worse && c.Significant ? "worse: " : c.New ? "new: " : c.Vanished ? "vanished: " : "";
        return c.Kind switch
        {
            ChangeKind.Exit => string.Create(C, $"{mark}{c.Page} ({c.Event}): exit rate {rates}, {c.Impact:N0} visits affected"),
            ChangeKind.Conversion => string.Create(C, $"{mark}{c.Page} ({c.Event}): conversion of sessions through it {rates}, {c.Impact:N0} sessions affected"),
            _ => string.Create(C, $"{mark}{c.Page} -> {c.ToPage}: share of the transitions out of {c.Page} {rates}, {c.Impact:N0} transitions affected"),
        };
    }

    private static string PValue(double p, string name = "p") =>
        p < 0.001 ? $"{name} < 0.001" : string.Create(C, $"{name} = {p:0.###}");
}
