using System.Globalization;
using System.Text;
using CsCheck;
using TeloMesh.Core.Export;
using TeloMesh.Core.Graph;
using TeloMesh.Core.Pipeline;
using TeloMesh.Core.Sessions;

namespace TeloMesh.Tests.Core.Pipeline;

/// <summary>Promises that hold for any input, checked on random event logs (bounded so the suite stays quick).</summary>
public class PipelinePropertyTests
{
    private record struct Row(int User, int Minute, int Page, int Event, int Session);

    /// <summary>Up to 60 rows over 4 users, 6 pages, 3 events, minutes spread so both short and long gaps occur.</summary>
    private static readonly Gen<(Row[] Rows, bool WithSessions)> Logs =
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, 300], Gen.Int[0, 5], Gen.Int[0, 2], Gen.Int[-1, 4])
            .Select((u, m, p, e, s) => new Row(u, m, p, e, s))
            .Array[1, 60]
            .Select(Gen.Bool, (rows, withSessions) => (rows, withSessions));

    private static string Csv((Row[] Rows, bool WithSessions) log)
    {
        var text = new StringBuilder(log.WithSessions ? "user_id,timestamp,page,event,session_id\n" : "user_id,timestamp,page,event\n");
        var start = new DateTime(2025, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        foreach (var r in log.Rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"u{r.User},{start.AddMinutes(r.Minute):yyyy-MM-ddTHH:mm:ssZ},/p{r.Page},e{r.Event}");
            if (log.WithSessions) text.Append(',').Append(r.Session < 0 ? "" : $"s{r.Session}");
            text.Append('\n');
        }
        return text.ToString();
    }

    [Fact]
    public void Sessionisation_never_loses_or_duplicates_an_event() =>
        Logs.Sample(log =>
        {
            var events = TestFiles.Read(Csv(log)).Events;
            var sessions = Sessionizer.Build(events);
            var steps = sessions.AllSteps.ToArray();
            Assert.Equal(Enumerable.Range(0, events.Count), steps.Order());
        }, iter: 300);

    [Fact]
    public void Exits_add_up_to_sessions_and_rates_stay_in_range() =>
        Logs.Select(Gen.Enum<BetweennessMode>(), Gen.Bool).Sample((log, mode, compat) =>
        {
            var options = new AnalysisOptions { Betweenness = mode, Compat = compat ? CompatMode.TeloMesh : CompatMode.Default };
            var result = AnalysisPipeline.Analyze(TestFiles.Read(Csv(log)).Events, options);
            Assert.Equal(result.SessionCount, result.Friction.Points.Sum(p => p.Exits));
            Assert.Equal(result.Aggregates.Steps, result.Friction.Points.Sum(p => p.Occurrences));
            Assert.All(result.Friction.Points, p =>
            {
                Assert.InRange(p.ExitRate, 0, 1);
                Assert.InRange(p.Betweenness, 0, 1);
                Assert.InRange(p.Score, 0, 1);
                Assert.InRange(p.UniqueUsersLost, 0, p.Exits);
            });
        }, iter: 200);

    [Fact]
    public void The_same_input_gives_byte_identical_outputs() =>
        Logs.Sample(log =>
        {
            var csv = Csv(log);
            using var a = new TestFiles.TempFolder();
            using var b = new TestFiles.TempFolder();
            foreach (var folder in new[] { a, b })
            {
                var ingest = TestFiles.Read(csv);
                OutputWriter.WriteAll(folder.Path, AnalysisPipeline.Analyze(ingest.Events, AnalysisOptions.Default), ingest.Rejected);
            }
            foreach (var file in Directory.GetFiles(a.Path))
                Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(b.File(Path.GetFileName(file))));
        }, iter: 25);
}
