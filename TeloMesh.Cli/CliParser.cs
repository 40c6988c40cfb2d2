using System.CommandLine;
using System.CommandLine.Parsing;
using TeloMesh.Core.Events;
using TeloMesh.Core.Graph;
using TeloMesh.Core.Pipeline;

namespace TeloMesh.Cli;

/// <summary>
/// The command line's grammar, on System.CommandLine: the root command (the stages of the original <c>main.py</c>) and
/// its subcommands, every option once with its help line, and the mapping of a parse onto <see cref="CliOptions"/>.
/// Errors name the option and what was expected; the help groups the options as <see cref="Sections"/> say.
/// </summary>
public sealed partial class CliParser
{
    /// <summary>Thrown for bad usage; the command line exits with code 2.</summary>
    public sealed class UsageException(string message) : Exception(message);

    /// <summary>The subcommand that puts a file into a ClickHouse table.</summary>
    public const string LoadCommand = "clickhouse-load";

    // Stages and synthetic data.
    private readonly Option<CliStage> _stage = Valued("--stage", "all|synthetic|parse|graph|metrics|analysis",
        "default all: generate (or import), parse, graph, metrics, analysis\n(chokepoints: the original's name for analysis)", Stage);
    private readonly Option<int> _users = Count("--users", 1, "users to generate (default 100)");
    private readonly Option<int> _events = Count("--events", 5, "average events per user, at least 5 (default 50)");
    private readonly Option<int> _pages = Count("--pages", 12, "distinct pages, at least 12 (default 50)");
    private readonly Option<int> _seed = Count("--seed", 0, "random seed; the same seed gives the same file (default 42)");

    // Your own data.
    private readonly Option<string> _inputFile = Text("--input-file", "PATH", "analyse this CSV (user_id, timestamp, page, event[, session_id])", "--input");
    private readonly Option<Core.Import.EventFormat> _format = Valued("--format", "telomesh|mixpanel|amplitude|ga4",
        "the file's format; detected from its first record when not given.\nVendor exports may be JSON lines or CSV, plain, .gz or .zip", Format);
    private readonly Option<bool> _keepQuery = Flag("--keep-query", "keep the query string of page URLs (dropped by default)");

    // Columns, for a file as for a table.
    private readonly Option<string> _columns = Text("--columns", "user=C,time=C,page=C,event=C,session=C",
        "which column fills each role, for a file as for a ClickHouse table; any subset,\nthe rest keep their defaults (user_id, timestamp, page, event, session_id)");
    private readonly Option<string>[] _roleColumns =
    [
        Text("--user-column", "NAME", "the user column (as user= in --columns)"),
        Text("--time-column", "NAME", "the time column; in a table: DateTime, DateTime64 or integer Unix epoch"),
        Text("--page-column", "NAME", "the page column"),
        Text("--event-column", "NAME", "the event column"),
        Text("--session-column", "NAME", "a session id column (a table has none unless named: the gap rule)"),
    ];

    // ClickHouse.
    private readonly Option<CliSource> _source = Valued("--source", "file|clickhouse",
        "where the events are (default file)", Enum<CliSource>);
    private readonly Option<string> _clickHouseUrl = Text("--clickhouse-url", "URL",
        $"the HTTP interface (default ${ClickHouseCliOptions.UrlVariable}, else {ClickHouseCliOptions.DefaultUrl})");
    private readonly Option<string> _clickHouseDatabase = Text("--clickhouse-database", "DB", "default \"default\"");
    private readonly Option<string> _clickHouseTable = Text("--clickhouse-table", "NAME", "the events table (required with --source clickhouse)");
    private readonly Option<string> _clickHouseShards = Text("--clickhouse-shards", "URL,URL...",
        "for a Distributed table sharded by user: the HTTP address of each\nshard; each shard aggregates its own events (checked to add up)");
    private readonly Option<string> _clickHouseUser = Text("--clickhouse-user", "USER",
        $"default ${Core.ClickHouse.ClickHouseConnection.UserVariable}, else ClickHouse's \"default\"");
    private readonly Option<string> _clickHousePassword = Text("--clickhouse-password", "P",
        $"prefer ${Core.ClickHouse.ClickHouseConnection.PasswordVariable}: a command line is visible to other users");
    private readonly Option<DateTime> _from = Time("--from", "only events at or after this time (ISO-8601, UTC when no offset);\nin compare --segment: only sessions that start then");
    private readonly Option<DateTime> _to = Time("--to", "only events before this time (compare --segment: sessions)");
    private readonly Option<int> _flowLimit = Count("--flow-limit", 0, "fragile flows whose steps come back (default 10000; all are counted)");

    // Where.
    private readonly Option<string> _dataset = Text("--dataset", "NAME", "dataset name (default \"default\"): data/NAME/events.csv, results in outputs/NAME/");
    private readonly Option<string> _dataDir = Text("--data-dir", "DIR", "data root (default ./data)");
    private readonly Option<string> _outputsDir = Text("--outputs-dir", "DIR", "outputs root (default ./outputs)");

    // Analysis.
    private readonly Option<double> _sessionGap = Valued("--session-gap", "MINUTES",
        "a longer gap starts a new session (default 30)", Gap);
    private readonly Option<BetweennessMode> _betweenness = Valued("--betweenness", "probability|hops|reference",
        "edge length for betweenness (default probability)", Enum<BetweennessMode>);
    private readonly Option<int> _sampleAbove = Count("--sample-above", AnalysisLimits.MinSampleAbove,
        "above N pages, estimate betweenness from sampled source pages, with\nan error bound (default: above 5000 pages when exact would be slow)");
    private readonly Option<int> _samples = Count("--samples", AnalysisLimits.MinSamples,
        "source pages an estimate uses (default 1000; more is slower and tighter)");
    private readonly Option<double> _percentile = Valued("--percentile", "P",
        "chokepoints: pairs at or above the P-th percentile of the non-zero\nscores, 50-99.9 (default 90, the worst tenth)", Number);
    private readonly Option<CompatMode> _compat = Valued("--compat", "telomesh",
        "reproduce the original pipeline's numbers, quirks included", Compat);
    private readonly Option<bool> _strict = Flag("--strict", "fail on the first bad row instead of skipping it");

    // Goals and confidence.
    private readonly Option<string[]> _goalPage = Repeated("--goal-page", "PAGE",
        "a goal page (repeatable): a session that reaches it converts and loses\nnobody. Without goal flags the dataset's recorded goals apply");
    private readonly Option<string[]> _goalEvent = Repeated("--goal-event", "EVENT", "a goal event (repeatable), e.g. Purchase");
    private readonly Option<bool> _noGoals = Flag("--no-goals", "analyse without the goals recorded for the dataset");

    // Page grouping.
    private readonly Option<string> _pageRules = Text("--page-rules", "FILE",
        "grouping rules, one PATTERN => NAME a line (/product/* => /product/:id):\npages become page types before sessions are counted. Without it the\n" +
        "dataset's recorded rules apply; an empty file analyses without rules");
    private readonly Option<bool> _suggestPageRules = Flag("--suggest-page-rules", "print grouping rules suggested from the data and analyse nothing");
    private readonly Option<double> _gainReduction = Valued("--gain-reduction", "R",
        "projected gain: the share of a pair's exits a fix saves, above 0\nand at most 1 (default 0.1: a tenth fewer sessions end there)", Number);
    private readonly Option<int> _minSupport = Count("--min-support", 1,
        "pairs seen fewer than N times are never chokepoints (default 1)");
    private readonly Option<bool> _help = Flag("--help", "show this text", "-h", "-?");

    // The original's flags, kept so its scripts run.
    private readonly Option<bool> _multi = Flag("--multi", "the original's multi-graph switch: accepted, without effect (the graph keeps per-event counts)");
    private readonly Option<bool> _fast = Flag("--fast", "the original's fast switch: accepted, without effect (the analysis is fast anyway)");

    private readonly RootCommand _root = new("TeloMesh: find where users get stuck.");
    private readonly Command _load = new(LoadCommand, "put a file's events into a ClickHouse table to try it");
    private readonly Command _compare = new(CompareCommand, "compare two periods, two segments or two datasets");

    /// <summary>The subcommand that compares two slices of a dataset (docs/metrics.md section 9).</summary>
    public const string CompareCommand = "compare";

    // compare.
    private readonly Option<DateTime> _aFrom = Time("--a-from", "slice A: sessions whose first step is at or after this time");
    private readonly Option<DateTime> _aTo = Time("--a-to", "slice A: ... and before this time");
    private readonly Option<DateTime> _bFrom = Time("--b-from", "slice B: sessions whose first step is at or after this time");
    private readonly Option<DateTime> _bTo = Time("--b-to", "slice B: ... and before this time");
    private readonly Option<string> _segment = Text("--segment", "COLUMN", "compare two values of this segment column (e.g. platform)");
    private readonly Option<string> _a = Text("--a", "VALUE", "slice A's value of --segment");
    private readonly Option<string> _b = Text("--b", "VALUE", "slice B's value of --segment");
    private readonly Option<string> _against = Text("--against", "DATASET", "compare the dataset (B) against another dataset (A)");
    private readonly Option<int> _compareSupport = Count("--min-support", 1,
        "a test needs at least N observations in both slices (default 30)");
    private readonly Option<bool> _worseOnly = Flag("--worse-only", "print only the changes for the worse (comparison.csv keeps every test)");

    private readonly Command _paths = new(PathsCommand, "paths from or to a page, step by step");

    /// <summary>The subcommand that follows paths from or to a page (docs/metrics.md section 10).</summary>
    public const string PathsCommand = "paths";

    // paths.
    private readonly Option<string> _pathFrom = Text("--from", "PAGE", "the steps after this page (each session from its first step on it)");
    private readonly Option<string> _pathTo = Text("--to", "PAGE", "the steps before this page (each session up to its first step on it)");
    private readonly Option<int> _steps = Count("--steps", 1, $"how many steps (1-{Core.Journeys.PathQuery.MaxSteps}, default {Core.Journeys.PathQuery.DefaultSteps})");
    private readonly Option<int> _top = Count("--top", 1, $"page names kept per step, the rest are (other) (default {Core.Journeys.PathQuery.DefaultTop})");
    private readonly Option<bool> _keepRepeats = Flag("--keep-repeats", "keep a step on the same page as the step before it (dropped by default)");
    private readonly Option<string[]> _leaveOut = Repeated("--leave-out", "EVENT", "leave out the steps of this event first (repeatable), e.g. Scroll");

    private readonly Command _report = new(ReportCommand, "one self-contained HTML report to send or print");

    /// <summary>The subcommand that writes the one-file report (docs/metrics.md section 15).</summary>
    public const string ReportCommand = "report";

    private readonly Option<string> _reportOutput = Text("--output", "FILE", "where to write the report (default outputs/NAME/report.html)", "-o");

    private CliParser()
    {
        // The help is ours (grouped, with examples), and there is no version: the defaults go.
        foreach (var option in _root.Options.ToList()) _root.Options.Remove(option);
        foreach (var option in Sections.SelectMany(s => s.Options)) _root.Options.Add(option);
        foreach (var option in LoadOptions) _load.Options.Add(option);
        _root.Subcommands.Add(_load);
        foreach (var option in CompareOptions) _compare.Options.Add(option);
        _root.Subcommands.Add(_compare);
        _compare.SetAction(_ => CliApp.Success);
        foreach (var option in PathsOptions) _paths.Options.Add(option);
        _root.Subcommands.Add(_paths);
        _paths.SetAction(_ => CliApp.Success);
        foreach (var option in ReportOptions) _report.Options.Add(option);
        _root.Subcommands.Add(_report);
        _report.SetAction(_ => CliApp.Success);
        // Parsed here and run by CliApp; an action only tells System.CommandLine that the root alone is a command.
        _root.SetAction(_ => CliApp.Success);
        _load.SetAction(_ => CliApp.Success);
    }

    /// <summary>The options of <c>clickhouse-load</c>: the file, how to read it, where the table is; and where datasets are.</summary>
    private Option[] LoadOptions =>
    [
        _inputFile, _format, _keepQuery, _strict, _columns, .. _roleColumns,
        _clickHouseUrl, _clickHouseDatabase, _clickHouseTable, _clickHouseUser, _clickHousePassword, _dataDir, _outputsDir, _help,
    ];

    /// <summary>The options of <c>compare</c>: the dataset, the slices, goals and support.</summary>
    private Option[] CompareOptions =>
    [
        _dataset, _aFrom, _aTo, _bFrom, _bTo, _segment, _a, _b, _from, _to, _against, _goalPage, _goalEvent, _noGoals, _compareSupport,
        _worseOnly, _sessionGap, _pageRules, _source, _clickHouseUrl, _clickHouseDatabase, _clickHouseTable, _clickHouseShards, _clickHouseUser,
        _clickHousePassword, _columns, .. _roleColumns, _dataDir, _outputsDir, _help,
    ];

    /// <summary>The options of <c>paths</c>: the dataset, the page and direction, the view's shape, goals and the source.</summary>
    private Option[] PathsOptions =>
    [
        _dataset, _pathFrom, _pathTo, _steps, _top, _keepRepeats, _leaveOut, _goalPage, _goalEvent, _noGoals, _sessionGap, _pageRules, _source, _clickHouseUrl,
        _clickHouseDatabase, _clickHouseTable, _clickHouseShards, _clickHouseUser, _clickHousePassword, _columns, .. _roleColumns, _dataDir,
        _outputsDir, _help,
    ];

    /// <summary>The options of <c>report</c>: the dataset and the file; how to read and analyse it, as the root command has them.</summary>
    private Option[] ReportOptions =>
    [
        _dataset, _reportOutput, _keepQuery, _goalPage, _goalEvent, _noGoals, _gainReduction, _minSupport, _sessionGap,
        _betweenness, _sampleAbove, _samples, _percentile, _strict, _pageRules, _columns, .. _roleColumns, _source, _clickHouseUrl,
        _clickHouseDatabase, _clickHouseTable, _clickHouseShards, _clickHouseUser, _clickHousePassword, _from, _to, _flowLimit, _dataDir,
        _outputsDir, _help,
    ];

    /// <summary>The root command's options as the help groups them (every option is in exactly one section).</summary>
    private (string Title, Option[] Options)[] Sections =>
    [
        ("Stages", [_stage]),
        ("Synthetic data", [_users, _events, _pages, _seed]),
        ("Your own data", [_inputFile, _format, _keepQuery]),
        ("Columns (for a file as for a ClickHouse table)", [_columns, .. _roleColumns]),
        ("ClickHouse (the events stay in a ClickHouse table; only aggregates come back)",
            [_source, _clickHouseUrl, _clickHouseDatabase, _clickHouseTable, _clickHouseShards, _clickHouseUser, _clickHousePassword, _from, _to, _flowLimit]),
        ("Where", [_dataset, _dataDir, _outputsDir]),
        ("Analysis", [_sessionGap, _betweenness, _sampleAbove, _samples, _percentile, _compat, _strict, _help]),
        ("Goals and confidence (docs/metrics.md section 8)", [_goalPage, _goalEvent, _noGoals, _gainReduction, _minSupport]),
        ("Page grouping (docs/metrics.md section 11)", [_pageRules, _suggestPageRules]),
        ("The original's flags (its scripts keep working)", [_multi, _fast]),
    ];

    /// <summary>Flags that only a ClickHouse table reads.</summary>
    private Option[] WarehouseOptions =>
        [_clickHouseUrl, _clickHouseDatabase, _clickHouseTable, _clickHouseShards, _clickHouseUser, _clickHousePassword, _from, _to, _flowLimit];

    /// <summary>Parses <paramref name="args"/>; bad usage is a <see cref="UsageException"/> naming the option.</summary>
    public static CliOptions Parse(IReadOnlyList<string> args) => new CliParser().Options(args);

    /// <summary>The help text: the root command's, <c>clickhouse-load</c>'s when <paramref name="load"/>, <c>compare</c>'s, <c>paths</c>' or <c>report</c>'s.</summary>
    public static string Help(bool load = false, bool compare = false, bool paths = false, bool report = false) =>
        new CliParser().HelpText(load, compare, paths, report).Replace(DevelopmentLauncher, Launcher, StringComparison.Ordinal);

    private CliOptions Options(IReadOnlyList<string> args)
    {
        var result = _root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        var load = result.CommandResult.Command == _load;
        var compare = result.CommandResult.Command == _compare;
        var paths = result.CommandResult.Command == _paths;
        var report = result.CommandResult.Command == _report;
        if (result.GetValue(_help))
            return new CliOptions
            {
                Help = true,
                LoadIntoClickHouse = load,
                Compare = compare ? new CompareCliOptions() : null,
                Paths = paths ? new Core.Journeys.PathQuery("") : null,
                Report = report ? new ReportCliOptions() : null,
            };
        if (result.UnmatchedTokens is [var unknown, ..])
            throw new UsageException($"Unknown option '{unknown}'. Run {(load ? $"{LoadCommand} " : "")}with --help to see the options.");
        if (result.Errors is [var error, ..])
            throw new UsageException(error.SymbolResult is OptionResult { Tokens.Count: 0 } missing
                ? $"{missing.Option.Name} needs a value."
                : error.Message);

        bool Given(Option option) => result.GetResult(option) is { Implicit: false };
        T? Value<T>(Option<T> option, T? otherwise) => Given(option) ? result.GetValue(option) : otherwise;

        var options = new CliOptions { LoadIntoClickHouse = load };
        var synthetic = options.Synthetic;
        options = options with
        {
            Stage = Value(_stage, options.Stage),
            Synthetic = synthetic with
            {
                Users = Value(_users, synthetic.Users),
                EventsPerUser = Value(_events, synthetic.EventsPerUser),
                Pages = Value(_pages, synthetic.Pages),
                Seed = Value(_seed, synthetic.Seed),
            },
            SyntheticRequested = new[] { _users, _events, _pages, _seed }.Any(Given),
            InputFile = Value(_inputFile, options.InputFile),
            Format = Given(_format) ? result.GetValue(_format) : null,
            Dataset = Value(_dataset, options.Dataset)!,
            DataDir = Value(_dataDir, options.DataDir)!,
            OutputsDir = Value(_outputsDir, options.OutputsDir)!,
            Source = Value(_source, options.Source),
            Columns = Columns(result),
            Notes = [.. new[] { (_multi, "the graph always keeps per-event counts"), (_fast, "the analysis is fast anyway") }
                .Where(f => Given(f.Item1)).Select(f => $"{f.Item1.Name} is accepted for the original's scripts and has no effect: {f.Item2}.")],
        };
        var analysis = options.Analysis;
        options = options with
        {
            Analysis = analysis with
            {
                KeepQuery = Value(_keepQuery, analysis.KeepQuery),
                SessionGap = Given(_sessionGap) ? TimeSpan.FromMinutes(result.GetValue(_sessionGap)) : analysis.SessionGap,
                Betweenness = Value(_betweenness, analysis.Betweenness),
                BetweennessSampleAbove = Given(_sampleAbove) ? result.GetValue(_sampleAbove) : analysis.BetweennessSampleAbove,
                BetweennessSamples = Value(_samples, analysis.BetweennessSamples),
                ChokepointPercentile = Given(_percentile) ? result.GetValue(_percentile) / 100 : analysis.ChokepointPercentile,
                Compat = Value(_compat, analysis.Compat),
                Strict = Value(_strict, analysis.Strict),
                Goals = new Core.Journeys.GoalSet(result.GetValue(_goalPage) ?? [], result.GetValue(_goalEvent) ?? []),
                GainReduction = Value(_gainReduction, analysis.GainReduction),
                MinSupport = Value(_minSupport, analysis.MinSupport),
                PageRules = Given(_pageRules) ? ReadPageRules(result.GetValue(_pageRules)!) : analysis.PageRules,
            },
            PageRulesGiven = Given(_pageRules),
            SessionGapGiven = Given(_sessionGap),
            SuggestPageRules = Given(_suggestPageRules),
            GoalsGiven = Given(_goalPage) || Given(_goalEvent),
            NoGoals = Given(_noGoals),
        };
        if (options.GoalsGiven && options.NoGoals)
            throw new UsageException("--no-goals and --goal-page/--goal-event contradict each other: give one or the other.");
        if (options.Analysis.Compat == CompatMode.TeloMesh && options.GoalsGiven)
            throw new UsageException("--goal-page and --goal-event cannot be combined with --compat telomesh: compatibility mode reproduces the " +
                "original's numbers, and the original has no goals (it counts a purchase as a lost user). Leave out --compat to analyse with goals.");
        if (options.Analysis.Compat == CompatMode.TeloMesh && options.PageRulesGiven && !options.Analysis.PageRules.IsEmpty)
            throw new UsageException("--page-rules cannot be combined with --compat telomesh: compatibility mode reproduces the original's numbers, " +
                "and the original groups no pages. Leave out --compat to analyse with grouping rules.");
        var clickHouse = options.ClickHouse;
        options = options with
        {
            ClickHouse = clickHouse with
            {
                Url = Value(_clickHouseUrl, clickHouse.Url),
                Database = Value(_clickHouseDatabase, clickHouse.Database)!,
                Table = Value(_clickHouseTable, clickHouse.Table),
                Shards = Given(_clickHouseShards)
                    ? [.. result.GetValue(_clickHouseShards)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)]
                    : clickHouse.Shards,
                User = Value(_clickHouseUser, clickHouse.User),
                Password = Value(_clickHousePassword, clickHouse.Password),
                From = Given(_from) ? result.GetValue(_from) : null,
                To = Given(_to) ? result.GetValue(_to) : null,
                FlowLimit = Value(_flowLimit, clickHouse.FlowLimit),
            },
        };

        if (compare) options = options with { Compare = CompareSlices(result, Given) };
        if (paths) options = options with { Paths = PathQuery(result, Given) };
        if (report) options = options with { Report = new ReportCliOptions(Given(_reportOutput) ? result.GetValue(_reportOutput) : null) };

        // A flag that would be ignored is refused: a file is read whole.
        var ignored = WarehouseOptions.Where(o => Given(o) && options.Source != CliSource.ClickHouse && !load && !compare && !paths && !report).Select(o => o.Name).ToList();
        if (ignored.Count > 0)
            throw new UsageException($"{string.Join(", ", ignored)} {(ignored.Count == 1 ? "applies" : "apply")} only to a ClickHouse " +
                "table (--source clickhouse); a file is analysed whole.");

        // One validator for every face: the limits of AnalysisOptions, named here by their flags.
        if (options.Analysis.Problems() is [var problem, ..])
            throw new UsageException($"{Flag(problem.Option)} expects {problem.Expected}, got '{problem.Got}'.");
        return options;
    }

    /// <summary>What <c>paths</c> follows: exactly one of --from PAGE and --to PAGE, with the view's shape.</summary>
    private Core.Journeys.PathQuery PathQuery(ParseResult result, Func<Option, bool> given)
    {
        if (given(_pathFrom) == given(_pathTo))
            throw new UsageException("paths needs exactly one of --from PAGE (the steps after it) and --to PAGE (the steps before it).");
        var page = given(_pathFrom) ? result.GetValue(_pathFrom)! : result.GetValue(_pathTo)!;
        var steps = given(_steps) ? result.GetValue(_steps) : Core.Journeys.PathQuery.DefaultSteps;
        if (steps > Core.Journeys.PathQuery.MaxSteps)
            throw new UsageException($"--steps must be from 1 to {Core.Journeys.PathQuery.MaxSteps}; {steps} was given.");
        return new Core.Journeys.PathQuery(page, given(_pathFrom) ? Core.Journeys.PathDirection.From : Core.Journeys.PathDirection.To, steps,
            given(_top) ? result.GetValue(_top) : Core.Journeys.PathQuery.DefaultTop, given(_keepRepeats))
        {
            LeaveOut = new HashSet<string>(result.GetValue(_leaveOut) ?? [], StringComparer.Ordinal),
        };
    }

    /// <summary>The two slices of <c>compare</c>: exactly one of two windows, a segment's two values, or another dataset.</summary>
    private CompareCliOptions CompareSlices(ParseResult result, Func<Option, bool> given)
    {
        T? Value<T>(Option<T> option) where T : struct => given(option) ? result.GetValue(option) : null;
        string? Text(Option<string> option) => given(option) ? result.GetValue(option) : null;
        var windows = new Option[] { _aFrom, _aTo, _bFrom, _bTo }.Any(given);
        var segment = new Option[] { _segment, _a, _b }.Any(given);
        var against = given(_against);
        if ((windows ? 1 : 0) + (segment ? 1 : 0) + (against ? 1 : 0) != 1)
            throw new UsageException("compare needs exactly one way to choose A and B: --a-from/--a-to/--b-from/--b-to (two periods), " +
                "--segment COLUMN --a VALUE --b VALUE (two segment values), or --against DATASET (another dataset).");
        if (segment && (!given(_segment) || !given(_a) || !given(_b)))
            throw new UsageException("compare --segment needs all of --segment COLUMN, --a VALUE and --b VALUE.");
        if (windows && (!given(_aFrom) && !given(_aTo) || !given(_bFrom) && !given(_bTo)))
            throw new UsageException("compare needs a period for A (--a-from and/or --a-to) and one for B (--b-from and/or --b-to).");
        if ((given(_from) || given(_to)) && !segment)
            throw new UsageException("--from and --to narrow a segment comparison (--segment); two periods are given with --a-from ... --b-to.");
        foreach (var (from, to, name) in new[] { (_aFrom, _aTo, "A"), (_bFrom, _bTo, "B"), (_from, _to, "the window") })
            if (Value(from) is { } f && Value(to) is { } t && f >= t)
                throw new UsageException($"{name}'s period ends before it starts ({from.Name} {f:u} is not before {to.Name} {t:u}).");
        return new CompareCliOptions
        {
            AFrom = Value(_aFrom),
            ATo = Value(_aTo),
            BFrom = Value(_bFrom),
            BTo = Value(_bTo),
            Segment = Text(_segment),
            A = Text(_a),
            B = Text(_b),
            From = Value(_from),
            To = Value(_to),
            Against = Text(_against),
            MinSupport = Value(_compareSupport) ?? TeloMesh.Core.Comparison.Comparator.DefaultMinSupport,
            WorseOnly = given(_worseOnly),
        };
    }

    /// <summary>The roles <c>--columns</c> and the per-role flags name, checked; applied later onto the source's own defaults.</summary>
    private IReadOnlyList<(string Role, string Column)> Columns(ParseResult result)
    {
        var pairs = new List<(string Role, string Column)>();
        if (result.GetValue(_columns) is { } text)
        {
            if (!ColumnMapping.TryParse(text, out var read, out var problem))
                throw new UsageException($"--columns expects role=COLUMN pairs separated by commas (roles: {string.Join(", ", ColumnMapping.Roles)}), but {problem}.");
            pairs.AddRange(read);
        }
        for (var i = 0; i < _roleColumns.Length; i++)
        {
            if (result.GetValue(_roleColumns[i]) is not { } column) continue;
            var role = ColumnMapping.Roles[i];
            if (pairs.Any(p => p.Role == role))
                throw new UsageException($"{_roleColumns[i].Name} and --columns both name the {role} column: give it once.");
            pairs.Add((role, column));
        }
        return pairs;
    }
}
