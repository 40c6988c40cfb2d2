namespace TeloMesh.Core.ClickHouse;

/// <summary>
/// The little of ClickHouse that TeloMesh needs: run a query and read its rows, or send rows to an INSERT. Values never
/// go into the SQL text: they travel as external tables (typed columns the server reads as data), which every
/// server version accepts; identifiers are checked by <see cref="Sql.Identifier"/>.
/// </summary>
public interface IClickHouseClient
{
    /// <summary>Where the server is, for messages (no credentials in it).</summary>
    Uri Endpoint { get; }

    /// <summary>Runs <paramref name="sql"/> (without a FORMAT clause) and returns its rows, TabSeparated-decoded.</summary>
    Task<IReadOnlyList<string[]>> QueryAsync(string sql, IReadOnlyList<ExternalTable>? tables = null, CancellationToken cancellationToken = default);

    /// <summary>Runs a statement that returns nothing (CREATE, DROP).</summary>
    Task ExecuteAsync(string sql, CancellationToken cancellationToken = default);

    /// <summary>Streams TabSeparated rows to <c>INSERT INTO table (columns) FORMAT TabSeparated</c>.</summary>
    Task InsertAsync(string table, IReadOnlyList<string> columns, Func<Stream, Task> writeRows, CancellationToken cancellationToken = default);
}

/// <summary>
/// Data sent with a query as a temporary table (ClickHouse's "external data"): how values reach the server without being
/// spliced into SQL. 18.16 has no query parameters (<c>{x:Type}</c> came in 19.x); external tables work on every version.
/// </summary>
/// <param name="Name">The table name the query uses.</param>
/// <param name="Columns">Name and ClickHouse type of each column.</param>
/// <param name="Rows">The values, as text in each column's TabSeparated form.</param>
public sealed record ExternalTable(string Name, IReadOnlyList<(string Name, string Type)> Columns, IReadOnlyList<IReadOnlyList<string>> Rows);
