using TeloMesh.Core.Warehouse;

namespace TeloMesh.Core.ClickHouse;

/// <summary>A ClickHouse table as a source of aggregates, plain (<see cref="ClickHouseEventSource"/>) or over its shards.</summary>
public interface IClickHouseSource : IJourneyAggregateSource
{
    /// <summary>Checks the table and mapping and counts the events the analysis would use (the dashboard's "test connection").</summary>
    Task<long> CountAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// The source for a table at a connection, with the HTTP clients it uses, disposed together: the table's own server,
/// plus one client per shard address when the table is to be aggregated on its shards (<see cref="ShardedClickHouseSource"/>).
/// </summary>
public sealed class OpenClickHouseSource : IDisposable
{
    private readonly List<ClickHouseHttpClient> _clients = [];

    /// <param name="shards">Empty: aggregate on the server of <paramref name="connection"/>. Otherwise the HTTP address of
    /// each shard of the Distributed table, reached with the same user, password and timeout.</param>
    public OpenClickHouseSource(ClickHouseConnection connection, ClickHouseTable mapping, IReadOnlyList<Uri> shards)
    {
        var initiator = Add(connection);
        Source = shards.Count == 0
            ? new ClickHouseEventSource(initiator, connection.Database, mapping)
            : new ShardedClickHouseSource(initiator, [.. shards.Select(s => Add(connection with { Url = s }))], connection.Database, mapping);
    }

    public IClickHouseSource Source { get; }

    private ClickHouseHttpClient Add(ClickHouseConnection connection)
    {
        var client = new ClickHouseHttpClient(connection);
        _clients.Add(client);
        return client;
    }

    public void Dispose() => _clients.ForEach(c => c.Dispose());
}
