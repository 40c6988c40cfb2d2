using System.Globalization;
using System.Net;
using System.Text;
using TeloMesh.Core.Events;

namespace TeloMesh.Core.ClickHouse;

/// <summary>
/// <see cref="IClickHouseClient"/> over ClickHouse's HTTP interface with TabSeparated rows, which every server version
/// speaks (the ClickHouse.Driver package cannot read from 18.16, the version Debian ships). Credentials go in the
/// <c>X-ClickHouse-User</c>/<c>X-ClickHouse-Key</c> headers, never in the URL. Failures become
/// <see cref="InvalidInputException"/>s that name the server and say what failed.
/// </summary>
public sealed class ClickHouseHttpClient : IClickHouseClient, IDisposable
{
    private readonly HttpClient _http;
    private readonly ClickHouseConnection _connection;

    public ClickHouseHttpClient(ClickHouseConnection connection)
    {
        _connection = connection;
        _http = new HttpClient { Timeout = connection.Timeout };
    }

    public Uri Endpoint => _connection.Url;

    public Task<IReadOnlyList<string[]>> QueryAsync(string sql, IReadOnlyList<ExternalTable>? tables = null, CancellationToken cancellationToken = default) =>
        QueryAsync(sql, tables, killOnCancel: true, cancellationToken);

    /// <param name="killOnCancel">Whether giving up on the query also kills it on the server (not for the KILL itself).</param>
    private async Task<IReadOnlyList<string[]>> QueryAsync(string sql, IReadOnlyList<ExternalTable>? tables, bool killOnCancel, CancellationToken cancellationToken)
    {
        var query = new List<(string, string)> { ("query", sql + "\nFORMAT TabSeparated") };
        HttpContent? content = null;
        if (tables is { Count: > 0 })
        {
            var form = new MultipartFormDataContent();
            foreach (var t in tables)
            {
                query.Add(($"{t.Name}_structure", string.Join(", ", t.Columns.Select(c => $"{c.Name} {c.Type}"))));
                query.Add(($"{t.Name}_format", "TabSeparated"));
                var rows = new StringBuilder();
                foreach (var row in t.Rows) rows.Append(string.Join('\t', row.Select(Sql.Escape))).Append('\n');
                form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(rows.ToString())), t.Name, t.Name + ".tsv");
            }
            content = form;
        }
        var text = await SendAsync(query, content ?? new ByteArrayContent([]), sql, cancellationToken, killOnCancel).ConfigureAwait(false);
        var lines = text.Split('\n');
        var result = new List<string[]>(lines.Length);
        foreach (var line in lines)
        {
            if (line.Length == 0) continue;
            var fields = line.Split('\t');
            for (var i = 0; i < fields.Length; i++) fields[i] = Sql.Unescape(fields[i]);
            result.Add(fields);
        }
        return result;
    }

    public async Task ExecuteAsync(string sql, CancellationToken cancellationToken = default) =>
        await SendAsync([], new StringContent(sql, Encoding.UTF8), sql, cancellationToken).ConfigureAwait(false);

    public async Task InsertAsync(string table, IReadOnlyList<string> columns, Func<Stream, Task> writeRows, CancellationToken cancellationToken = default)
    {
        var sql = $"INSERT INTO {table} ({string.Join(", ", columns)}) FORMAT TabSeparated";
        var content = new PushStreamContent(writeRows);
        await SendAsync([("query", sql)], content, sql, cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> SendAsync(List<(string Name, string Value)> parameters, HttpContent content, string sql, CancellationToken cancellationToken,
        bool killOnCancel = true)
    {
        var queryId = "telomesh-" + Guid.NewGuid().ToString("N");
        var all = new List<(string Name, string Value)>(parameters) { ("database", _connection.Database), ("wait_end_of_query", "1"), ("query_id", queryId) };
        var uri = new UriBuilder(_connection.Url)
        {
            Query = string.Join('&', all.Select(p => Uri.EscapeDataString(p.Name) + "=" + Uri.EscapeDataString(p.Value))),
        }.Uri;
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };
        if (_connection.User is not null) request.Headers.Add("X-ClickHouse-User", _connection.User);
        if (_connection.Password is not null) request.Headers.Add("X-ClickHouse-Key", _connection.Password);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            if (killOnCancel) await KillAsync(queryId).ConfigureAwait(false);
            throw;
        }
        catch (HttpRequestException e)
        {
            throw new InvalidInputException($"Cannot connect to ClickHouse at {_connection.Url}: {e.Message} Check the address " +
                "(the HTTP interface, port 8123 by default) and that the server is running.");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            if (killOnCancel) await KillAsync(queryId).ConfigureAwait(false);
            throw new InvalidInputException($"ClickHouse at {_connection.Url} did not answer within {_connection.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s.");
        }
        using (response)
        {
            string body;
            try
            {
                body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                if (killOnCancel) await KillAsync(queryId).ConfigureAwait(false);
                throw;
            }
            if (response.IsSuccessStatusCode) return body;
            throw new InvalidInputException(Describe(response.StatusCode, body.Trim(), sql));
        }
    }

    /// <summary>
    /// Stops a query whose caller gave up: closing the connection does not stop a query on every server version (18.16
    /// runs it to the end), so cancelling, or a query that ran past the timeout, asks the server to kill it by its id. Best
    /// effort: a failure here is ignored, and the KILL is never killed in turn.
    /// </summary>
    private async Task KillAsync(string queryId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await QueryAsync("KILL QUERY WHERE query_id = (SELECT id FROM tm_query) ASYNC",
                [new ExternalTable("tm_query", [("id", "String")], [[queryId]])], killOnCancel: false, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidInputException or OperationCanceledException or HttpRequestException)
        {
        }
    }

    private string Describe(HttpStatusCode status, string body, string sql)
    {
        var where = $"ClickHouse at {_connection.Url}";
        var message = ServerMessage(body);
        if (body.Contains("Code: 193", StringComparison.Ordinal) || body.Contains("Code: 192", StringComparison.Ordinal)
            || body.Contains("Code: 516", StringComparison.Ordinal) || status == HttpStatusCode.Unauthorized || status == HttpStatusCode.Forbidden)
            return $"{where} refused the user '{_connection.User ?? "default"}': {message} Give a user and password ClickHouse " +
                $"knows (both faces read {ClickHouseConnection.UserVariable} and {ClickHouseConnection.PasswordVariable}).";
        if (body.Contains("Code: 81,", StringComparison.Ordinal))
            return $"{where} has no database '{_connection.Database}': {message}";
        if (!body.StartsWith("Code:", StringComparison.Ordinal))
            return $"{where} answered HTTP {(int)status} {status}, which is not a ClickHouse error: {Shorten(body)} Is the address the HTTP interface (port 8123 by default)?";
        return $"{where} could not run a query: {message} (query starts: {Shorten(sql)})";
    }

    private static string ServerMessage(string body)
    {
        const string marker = "e.displayText() = ";
        var start = body.IndexOf(marker, StringComparison.Ordinal);
        var text = start < 0 ? body : body[(start + marker.Length)..];
        var end = text.IndexOf(", e.what()", StringComparison.Ordinal);
        if (end >= 0) text = text[..end];
        var stack = text.IndexOf("Stack trace", StringComparison.Ordinal);
        if (stack >= 0) text = text[..stack];
        text = text.Trim();
        return Shorten(text.EndsWith('.') ? text : text + ".");
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "...";

    public void Dispose() => _http.Dispose();

    /// <summary>Content written by a callback as the request is sent, so an INSERT of millions of rows streams.</summary>
    private sealed class PushStreamContent(Func<Stream, Task> write) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => write(stream);

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
