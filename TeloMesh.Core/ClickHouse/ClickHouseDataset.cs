using System.Text.Json;
using System.Text.Json.Serialization;
using TeloMesh.Core.Datasets;
using TeloMesh.Core.Events;
using TeloMesh.Core.Export;
using TeloMesh.Core.Pipeline;
using TeloMesh.Core.Stages;
using TeloMesh.Core.Warehouse;

namespace TeloMesh.Core.ClickHouse;

/// <summary>
/// A dataset whose events stay in a ClickHouse table: its data folder holds <c>clickhouse.json</c> (this record: where
/// the table is and which column is which) instead of an event file. It never holds a user or password: those come
/// from the dashboard's configuration or the environment when the dataset is analysed.
/// </summary>
public sealed record ClickHouseDataset
{
    public const string FileName = DatasetPaths.TableDescriptionFileName;

    public required string Url { get; init; }
    public string Database { get; init; } = "default";
    public required string Table { get; init; }

    /// <summary>Which column is which (<see cref="ColumnMapping.Table"/> by default).</summary>
    [JsonIgnore]
    public ColumnMapping Columns { get; init; } = ColumnMapping.Table;

    // clickhouse.json names each column flat (user_column, time_column...), as it has since the first wave: these
    // read and write the file through Columns.
    [JsonInclude]
    private string UserColumn { get => Columns.User; init => Columns = Columns with { User = value }; }

    [JsonInclude]
    private string TimeColumn { get => Columns.Timestamp; init => Columns = Columns with { Timestamp = value }; }

    [JsonInclude]
    private string PageColumn { get => Columns.Page; init => Columns = Columns with { Page = value }; }

    [JsonInclude]
    private string EventColumn { get => Columns.Event; init => Columns = Columns with { Event = value }; }

    [JsonInclude]
    private string? SessionColumn { get => Columns.Session; init => Columns = Columns with { Session = string.IsNullOrEmpty(value) ? null : value }; }

    public DateTime? From { get; init; }
    public DateTime? To { get; init; }

    /// <summary>
    /// Empty: the table is aggregated on the server at <see cref="Url"/>. Otherwise the HTTP address of each shard of a
    /// Distributed table, where the whole aggregation runs on each shard's local table (see <see cref="ShardedClickHouseSource"/>).
    /// </summary>
    public IReadOnlyList<string> Shards { get; init; } = [];

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static string PathOf(DatasetPaths paths) => paths.TableDescriptionFile;

    /// <summary>The description in the dataset's data folder, or null when it is not a ClickHouse dataset.</summary>
    public static ClickHouseDataset? TryRead(DatasetPaths paths)
    {
        var path = PathOf(paths);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<ClickHouseDataset>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{path} is not a valid ClickHouse dataset description: {e.Message}");
        }
    }

    /// <summary>Writes the description (checked first: URL and names), making the data folder.</summary>
    public void Write(DatasetPaths paths)
    {
        ClickHouseConnection.ParseUrl(Url);
        ShardUrls();
        foreach (var (name, what) in new[] { (Database, "database"), (Table, "table"), (Columns.User, "user column"), (Columns.Timestamp, "time column"),
                     (Columns.Page, "page column"), (Columns.Event, "event column"), (Columns.Session ?? "session_id", "session column") })
            Sql.Identifier(name, what);
        Directory.CreateDirectory(paths.DataDirectory);
        AtomicFile.WriteText(PathOf(paths), JsonSerializer.Serialize(this, Json));
    }

    public ClickHouseConnection Connection(string? user, string? password) =>
        new ClickHouseConnection { Url = ClickHouseConnection.ParseUrl(Url), Database = Database, User = user, Password = password };

    /// <summary>The description of a table at a connection, the inverse of <see cref="Mapping"/> (no credentials).</summary>
    public static ClickHouseDataset Of(ClickHouseConnection connection, ClickHouseTable mapping, IReadOnlyList<Uri>? shards = null) => new()
    {
        Shards = [.. (shards ?? []).Select(s => s.ToString())],
        Url = connection.Url.ToString(),
        Database = connection.Database,
        Table = mapping.Table,
        Columns = mapping.Columns,
        From = mapping.From,
        To = mapping.To,
    };

    public ClickHouseTable Mapping() => new()
    {
        Table = Table,
        Columns = Columns,
        From = From,
        To = To,
    };

    /// <summary>The shard addresses, each checked.</summary>
    public IReadOnlyList<Uri> ShardUrls() => [.. (Shards ?? []).Select(ClickHouseConnection.ParseUrl)];

    /// <summary>The source this description names, with its clients (dispose it).</summary>
    public OpenClickHouseSource Open(string? user, string? password) => new(Connection(user, password), Mapping(), ShardUrls());

    /// <summary>
    /// Checks the connection, table and columns and counts the events the mapping keeps: the dashboard's "test
    /// connection". Problems are <see cref="InvalidInputException"/>s that say what is wrong.
    /// </summary>
    public async Task<long> TestAsync(string? user, string? password, CancellationToken cancellationToken = default)
    {
        using var open = Open(user, password);
        return await open.Source.CountAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Analyses the table in ClickHouse and commits the dataset's outputs (<see cref="DatasetRunner.Commit"/>). With
    /// <paramref name="previous"/>, its counts (and fragile flows) are used again while the table's events are unchanged
    /// (<see cref="WarehouseJourneySource.StillDescribesAsync"/>).
    /// </summary>
    public async Task<AnalysisResult> AnalyzeAndWriteAsync(DatasetPaths paths, AnalysisOptions options, string? user, string? password,
        TimeProvider clock, IProgress<PipelineProgress>? progress = null, CancellationToken cancellationToken = default,
        AnalysisResult? previous = null)
    {
        using var open = Open(user, password);
        var source = new WarehouseJourneySource(open.Source);
        var result = await AnalysisPipeline.AnalyzeAsync(source, options, progress, cancellationToken, previous: previous).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        DatasetRunner.Commit(paths, result, DatasetSource.Warehouse(source.Description, result.Aggregates.TotalEvents), clock, progress, previous);
        return result;
    }
}
