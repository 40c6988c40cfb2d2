using BenchmarkDotNet.Attributes;
using TeloMesh.Core.Events;
using TeloMesh.Core.Friction;
using TeloMesh.Core.Graph;
using TeloMesh.Core.Sessions;

namespace TeloMesh.Benchmarks;

/// <summary>Each pipeline stage alone on the same seeded 150,000-event input (the original's smaller benchmark size).</summary>
[MemoryDiagnoser]
public class StageBenchmarks
{
    private string _file = "";
    private EventTable _events = null!;
    private SessionSet _sessions = null!;
    private JourneyGraph _graph = null!;
    private double[] _betweenness = [];

    [GlobalSetup]
    public void Setup()
    {
        _file = SyntheticInput.File(150_000);
        _events = CsvEventReader.ReadFile(_file).Events;
        _sessions = Sessionizer.Build(_events);
        _graph = JourneyGraphBuilder.Build(_sessions);
        _betweenness = Betweenness.Compute(_graph, BetweennessMode.Probability);
    }

    /// <summary>The floor for ingest: CsvHelper reading every field of every row as a string, nothing else.</summary>
    [Benchmark(Baseline = true)]
    public long BareCsvHelperRead() => TimingCommand.BareRead(_file);

    [Benchmark]
    public int Ingest() => CsvEventReader.ReadFile(_file).Events.Count;

    [Benchmark]
    public int Sessions() => Sessionizer.Build(_events).Count;

    [Benchmark]
    public int Graph() => JourneyGraphBuilder.Build(_sessions).Edges.Count;

    [Benchmark]
    public double BetweennessProbability() => Betweenness.Compute(_graph, BetweennessMode.Probability)[0];

    [Benchmark]
    public int Friction() => FrictionAnalyzer.Analyze(_sessions, _betweenness).Points.Count;
}
