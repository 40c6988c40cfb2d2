using System.Net;
using System.Net.Sockets;
using TeloMesh.Core.ClickHouse;
using TeloMesh.Core.Events;

namespace TeloMesh.Tests.Core.ClickHouse;

/// <summary>Each way a ClickHouse source can be wrong gets a message that names the problem and where it is.</summary>
[Collection(ClickHouseCollection.Name)]
public class ClickHouseErrorTests(ClickHouseServers servers)
{
    private static Task<InvalidInputException> FailsAsync(IClickHouseClient client, ClickHouseTable table, string database = "default") =>
        Assert.ThrowsAsync<InvalidInputException>(() => new ClickHouseEventSource(client, database, table).AggregateAsync(TimeSpan.FromMinutes(30)));

    [Fact]
    public async Task A_server_that_is_not_there_names_the_address()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var client = new ClickHouseHttpClient(new ClickHouseConnection { Url = new Uri($"http://127.0.0.1:{port}/") });
        var e = await FailsAsync(client, new ClickHouseTable { Table = "events" });
        Assert.StartsWith($"Cannot connect to ClickHouse at http://127.0.0.1:{port}/", e.Message);
        Assert.Contains("that the server is running", e.Message);
    }

    [Fact]
    public async Task A_wrong_password_names_the_user()
    {
        using var client = servers.First.Client(ClickHouseServer.AnalystUser, "wrong");
        var e = await FailsAsync(client, new ClickHouseTable { Table = ClickHouseDatasets.Tiny });
        Assert.Contains($"refused the user '{ClickHouseServer.AnalystUser}'", e.Message);
        Assert.Contains(ClickHouseConnection.PasswordVariable, e.Message);
    }

    [Fact]
    public async Task A_missing_table_names_it_and_lists_the_tables()
    {
        await ClickHouseDatasets.EnsureAsync(servers, ClickHouseDatasets.Tiny);
        using var client = servers.First.Client();
        var e = await FailsAsync(client, new ClickHouseTable { Table = "no_such_events" });
        Assert.Contains($"ClickHouse at {servers.First.Url} has no table 'no_such_events' in database 'default'", e.Message);
        Assert.Contains("tiny", e.Message);
    }

    [Fact]
    public async Task A_missing_database_names_it()
    {
        using var client = servers.First.Client();
        var e = await FailsAsync(client, new ClickHouseTable { Table = "events" }, "no_such_db");
        Assert.Equal($"ClickHouse at {servers.First.Url} has no database 'no_such_db'.", e.Message);
    }

    [Fact]
    public async Task A_missing_column_names_it_its_role_and_the_columns_there_are()
    {
        await ClickHouseDatasets.EnsureAsync(servers, ClickHouseDatasets.Tiny);
        using var client = servers.First.Client();
        var e = await FailsAsync(client, new ClickHouseTable { Table = ClickHouseDatasets.Tiny, TimeColumn = "event_time" });
        Assert.StartsWith("The table default.tiny has no column 'event_time' (the time column). Its columns: user_id (String), timestamp (DateTime)", e.Message);
    }

    [Fact]
    public async Task A_time_column_of_the_wrong_type_says_which_types_work()
    {
        await ClickHouseDatasets.EnsureAsync(servers, ClickHouseDatasets.Tiny);
        using var client = servers.First.Client();
        var e = await FailsAsync(client, new ClickHouseTable { Table = ClickHouseDatasets.Tiny, TimeColumn = "page" });
        Assert.Contains("has type String: use a DateTime, DateTime64 or integer Unix epoch", e.Message);
    }

    [Theory]
    [InlineData("events; DROP TABLE tiny")]
    [InlineData("a`b")]
    [InlineData("1events")]
    public async Task A_name_that_is_not_a_plain_identifier_never_reaches_the_server(string name)
    {
        using var client = servers.First.Client();
        var e = await FailsAsync(client, new ClickHouseTable { Table = ClickHouseDatasets.Tiny, UserColumn = name });
        Assert.Contains($"The user column '{name}' is not a plain name", e.Message);
    }

    [Fact]
    public async Task Values_travel_as_data_so_quotes_and_tabs_in_them_are_harmless()
    {
        using var client = servers.First.Client();
        var odd = "it's\t\"odd\"\n\\ `x`; DROP TABLE tiny --";
        var rows = await client.QueryAsync("SELECT v, length(v) FROM tm_values",
            [new ExternalTable("tm_values", [("v", "String")], [[odd]])]);
        Assert.Equal(odd, rows[0][0]);
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(odd).ToString(System.Globalization.CultureInfo.InvariantCulture), rows[0][1]);
    }

    [Fact]
    public void A_url_with_credentials_or_another_scheme_is_refused()
    {
        Assert.Contains("not a ClickHouse HTTP address", Assert.Throws<InvalidInputException>(() => ClickHouseConnection.ParseUrl("http://u:p@host:8123")).Message);
        Assert.Contains("not a ClickHouse HTTP address", Assert.Throws<InvalidInputException>(() => ClickHouseConnection.ParseUrl("tcp://host:9000")).Message);
        Assert.Equal(8123, ClickHouseConnection.ParseUrl("http://127.0.0.1:8123").Port);
    }
}
