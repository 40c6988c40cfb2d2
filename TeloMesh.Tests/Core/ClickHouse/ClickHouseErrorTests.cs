using System.Net;
using System.Net.Sockets;
using TeloMesh.Core.ClickHouse;
using TeloMesh.Core.Events;
using TeloMesh.Core.Journeys;

namespace TeloMesh.Tests.Core.ClickHouse;

/// <summary>Each way a ClickHouse source can be wrong gets a message that names the problem and where it is.</summary>
[Collection(ClickHouseCollection.Name)]
public class ClickHouseErrorTests(ClickHouseServers servers)
{
    private static Task<InvalidInputException> FailsAsync(IClickHouseClient client, ClickHouseTable table, string database = "default") =>
        Assert.ThrowsAsync<InvalidInputException>(() => new ClickHouseEventSource(client, database, table).AggregateAsync(new AggregationKey(TimeSpan.FromMinutes(30))));

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
        var e = await FailsAsync(client, new ClickHouseTable { Table = ClickHouseDatasets.Tiny, Columns = ColumnMapping.Table with { Timestamp = "event_time" } });
        Assert.StartsWith("The table default.tiny has no column 'event_time' (the time column). Its columns: user_id (String), timestamp (DateTime)", e.Message);
    }

    [Fact]
    public async Task A_time_column_of_the_wrong_type_says_which_types_work()
    {
        await ClickHouseDatasets.EnsureAsync(servers, ClickHouseDatasets.Tiny);
        using var client = servers.First.Client();
        var e = await FailsAsync(client, new ClickHouseTable { Table = ClickHouseDatasets.Tiny, Columns = ColumnMapping.Table with { Timestamp = "page" } });
        Assert.Contains("has type String: use a DateTime, DateTime64 or integer Unix epoch", e.Message);
    }

    [Theory]
    [InlineData("events; DROP TABLE tiny")]
    [InlineData("a`b")]
    [InlineData("1events")]
    public async Task A_name_that_is_not_a_plain_identifier_never_reaches_the_server(string name)
    {
        using var client = servers.First.Client();
        var e = await FailsAsync(client, new ClickHouseTable { Table = ClickHouseDatasets.Tiny, Columns = ColumnMapping.Table with { User = name } });
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

    private Task<InvalidInputException> FailsOnShardsAsync(string table, params ClickHouseServer[] shards)
    {
        var open = new OpenClickHouseSource(new ClickHouseConnection { Url = new Uri(servers.First.Url) }, new ClickHouseTable { Table = table },
            [.. shards.Select(s => new Uri(s.Url))]);
        return Assert.ThrowsAsync<InvalidInputException>(async () =>
        {
            using (open) await open.Source.AggregateAsync(new AggregationKey(TimeSpan.FromMinutes(30)));
        });
    }

    [Fact]
    public async Task Users_split_over_shards_are_counted_and_the_shards_are_not_analysed_apart()
    {
        await ClickHouseDatasets.EnsureAsync(servers, ClickHouseDatasets.SplitAll);
        using var first = servers.First.Client();
        using var second = servers.Second.Client();
        var sql = $"SELECT DISTINCT user_id FROM default.{ClickHouseDatasets.SplitShard}";
        var onBoth = (await first.QueryAsync(sql)).Select(r => r[0]).Intersect((await second.QueryAsync(sql)).Select(r => r[0])).Count();
        Assert.True(onBoth > 0);
        var e = await FailsOnShardsAsync(ClickHouseDatasets.SplitAll, servers.First, servers.Second);
        Assert.StartsWith($"{onBoth:N0} users of default.{ClickHouseDatasets.SplitAll} have events on more than one shard", e.Message);
        Assert.Contains("cityHash64(user_id)", e.Message);
    }

    [Fact]
    public async Task A_shard_given_twice_is_found_by_the_event_count()
    {
        await ClickHouseDatasets.EnsureAsync(servers, ClickHouseDatasets.SyntheticAll);
        using var first = servers.First.Client();
        var onFirst = long.Parse((await first.QueryAsync($"SELECT count() FROM default.{ClickHouseDatasets.SyntheticShard}"))[0][0],
            System.Globalization.CultureInfo.InvariantCulture);
        var e = await FailsOnShardsAsync(ClickHouseDatasets.SyntheticAll, servers.First, servers.First);
        Assert.Equal($"The 2 shard addresses hold {2 * onFirst:N0} events and the Distributed table default.{ClickHouseDatasets.SyntheticAll} " +
            $"{ClickHouseDatasets.SyntheticEvents.Count:N0}: give the HTTP address of each shard of its cluster exactly once.", e.Message);
    }

    [Fact]
    public async Task Fewer_shard_addresses_than_the_cluster_has_shards_says_how_many_it_has()
    {
        await ClickHouseDatasets.EnsureAsync(servers, ClickHouseDatasets.SyntheticAll);
        var e = await FailsOnShardsAsync(ClickHouseDatasets.SyntheticAll, servers.Second);
        Assert.Equal($"The cluster '{ClickHouseServers.Cluster}' of default.{ClickHouseDatasets.SyntheticAll} has 2 shards and 1 shard " +
            "addresses were given: give the HTTP address of each shard exactly once.", e.Message);
    }

    [Fact]
    public async Task Shard_addresses_for_a_table_that_is_not_distributed_are_refused()
    {
        await ClickHouseDatasets.EnsureAsync(servers, ClickHouseDatasets.Synthetic);
        var e = await FailsOnShardsAsync(ClickHouseDatasets.Synthetic, servers.First, servers.Second);
        Assert.StartsWith($"default.{ClickHouseDatasets.Synthetic} is a MergeTree table, not a Distributed one", e.Message);
    }

    [Theory]
    [InlineData("Distributed(two_shards, default, events_local, cityHash64(user_id))", "two_shards", "default", "events_local")]
    [InlineData("Distributed('c', 'db', 'local')", "c", "db", "local")]
    [InlineData("Distributed(`c`, currentDatabase(), t, sipHash64(user_id, page))", "c", "mine", "t")]
    public void The_cluster_and_local_table_are_read_from_the_engine(string engine, string cluster, string database, string table) =>
        Assert.Equal((cluster, database, table), ShardedClickHouseSource.DistributedArguments(engine, "mine"));

    /// <summary>Closing the connection does not stop a query on 18.16: cancelling must kill it on the server.</summary>
    [Fact]
    public async Task A_cancelled_query_stops_running_on_the_server()
    {
        using var client = servers.First.Client();
        using var watcher = servers.First.Client();
        var marker = "tm_cancel_" + Guid.NewGuid().ToString("N");
        // Hours of counting: without the kill it would still be running long after the checks below gave up.
        using var cancel = new CancellationTokenSource();
        var query = client.QueryAsync($"SELECT count() AS {marker} FROM numbers(100000000000000)", cancellationToken: cancel.Token);
        async Task<bool> RunningAsync() =>
            (await watcher.QueryAsync("SELECT count() FROM system.processes WHERE query LIKE concat('%', (SELECT m FROM tm_m), '%') AND query NOT LIKE '%system.processes%'",
                [new ExternalTable("tm_m", [("m", "String")], [[marker]])]))[0][0] != "0";
        for (var i = 0; i < 100 && !await RunningAsync(); i++) await Task.Delay(100);
        Assert.True(await RunningAsync(), "the query never started");
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => query);
        for (var i = 0; i < 100 && await RunningAsync(); i++) await Task.Delay(100);
        Assert.False(await RunningAsync(), "the query still runs on the server after it was cancelled");
    }

    /// <summary>A query that outlives the connection's timeout is reported, and killed: 18.16 would run it on otherwise.</summary>
    [Fact]
    public async Task A_query_past_the_timeout_is_named_and_stopped_on_the_server()
    {
        using var client = new ClickHouseHttpClient(new ClickHouseConnection { Url = new Uri(servers.First.Url), Timeout = TimeSpan.FromSeconds(1) });
        using var watcher = servers.First.Client();
        var marker = "tm_timeout_" + Guid.NewGuid().ToString("N");
        var e = await Assert.ThrowsAsync<InvalidInputException>(() => client.QueryAsync($"SELECT count() AS {marker} FROM numbers(100000000000000)"));
        Assert.Equal($"ClickHouse at {servers.First.Url} did not answer within 1 s.", e.Message);
        async Task<bool> RunningAsync() =>
            (await watcher.QueryAsync("SELECT count() FROM system.processes WHERE query LIKE concat('%', (SELECT m FROM tm_m), '%') AND query NOT LIKE '%system.processes%'",
                [new ExternalTable("tm_m", [("m", "String")], [[marker]])]))[0][0] != "0";
        for (var i = 0; i < 100 && await RunningAsync(); i++) await Task.Delay(100);
        Assert.False(await RunningAsync(), "the query still runs on the server after its timeout");
    }

    /// <summary>
    /// A ClickHouse dataset commits its outputs as a file dataset does: an outputs folder that cannot be made is one
    /// error naming the folder (never a bare IOException), and the dataset stays "not analysed".
    /// </summary>
    [Fact]
    public async Task An_outputs_folder_that_cannot_be_written_names_the_folder()
    {
        await ClickHouseDatasets.EnsureAsync(servers, ClickHouseDatasets.Tiny);
        using var temp = new TestFiles.TempFolder();
        var paths = TeloMesh.Core.Datasets.DatasetPaths.Create(temp.File("data"), temp.File("outputs"), "blocked");
        var dataset = new ClickHouseDataset { Url = servers.First.Url, Table = ClickHouseDatasets.Tiny, Columns = ColumnMapping.Table with { Session = "session_id" } };
        dataset.Write(paths);
        Directory.CreateDirectory(temp.File("outputs"));
        File.WriteAllText(paths.OutputDirectory, "a file where the dataset's outputs folder should be");

        var e = await Assert.ThrowsAsync<TeloMesh.Core.Datasets.OutputWriteException>(() => dataset.AnalyzeAndWriteAsync(paths,
            TeloMesh.Core.Pipeline.AnalysisOptions.Default, null, null, TimeProvider.System));

        Assert.StartsWith($"The results of dataset 'blocked' cannot be written to {paths.OutputDirectory}: ", e.Message, StringComparison.Ordinal);
        Assert.False(TeloMesh.Core.Datasets.DatasetCatalog.List(temp.File("data"), temp.File("outputs")).Single().IsAnalysed);
    }
}
