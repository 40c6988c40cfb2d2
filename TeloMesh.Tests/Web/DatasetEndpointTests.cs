using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace TeloMesh.Tests.Web;

/// <summary>The upload and download endpoints over HTTP, against the app in-process with a temporary data folder.</summary>
public sealed class DatasetEndpointTests : IAsyncLifetime
{
    private readonly TestFiles.TempFolder _folder = new();
    private WebApplicationFactory<Program> _factory = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("TeloMesh:DataRoot", _folder.File("data"));
            web.UseSetting("TeloMesh:OutputsRoot", _folder.File("outputs"));
            web.UseSetting("TeloMesh:CreateDemoDataset", "false");
            web.UseSetting("TeloMesh:MaxUploadMegabytes", "1");
        });
        _http = _factory.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await Upload("tiny", await File.ReadAllBytesAsync(TestFiles.Fixture("tiny", "events.csv")))).StatusCode);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _factory.DisposeAsync();
        _folder.Dispose();
    }

    private Task<HttpResponseMessage> Upload(string name, byte[] body) => AntiforgeryUpload.PostAsync(_http, name, body);

    /// <summary>The tiny heatmap's top 10 % are /cart and /product (a tie); a pinned /help is drawn beside them in the export.</summary>
    [Fact]
    public async Task A_pinned_page_is_drawn_in_the_heatmap_export_whatever_the_view()
    {
        var top10 = await _http.GetStringAsync("/api/datasets/tiny/export/heatmap.html?view=top10");
        var pinned = await _http.GetStringAsync("/api/datasets/tiny/export/heatmap.html?view=top10&pin=%2Fhelp");
        Assert.Contains(">/cart<", top10, StringComparison.Ordinal);
        Assert.DoesNotContain(">/help<", top10, StringComparison.Ordinal);
        Assert.Contains(">/help<", pinned, StringComparison.Ordinal);
        Assert.DoesNotContain(">/home<", pinned, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_upload_is_stored_byte_for_byte()
    {
        var bytes = await File.ReadAllBytesAsync(TestFiles.Fixture("tiny", "events.csv"));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(_folder.File("data"), "tiny", "events.csv")));
    }

    [Fact]
    public async Task Uploading_an_existing_name_is_a_conflict_and_keeps_the_old_file()
    {
        var response = await Upload("tiny", "user_id,timestamp,page,event\n"u8.ToArray());
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("already exists", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1349, new FileInfo(Path.Combine(_folder.File("data"), "tiny", "events.csv")).Length);
    }

    [Fact]
    public async Task Uploading_onto_a_warehouse_datasets_name_is_a_conflict_too()
    {
        var paths = TeloMesh.Core.Datasets.DatasetPaths.Create(_folder.File("data"), _folder.File("outputs"), "warehouse");
        new TeloMesh.Core.ClickHouse.ClickHouseDataset { Url = "http://127.0.0.1:8123/", Table = "events" }.Write(paths);

        var response = await Upload("warehouse", "user_id,timestamp,page,event\nu,2025-01-01,/a,view\n"u8.ToArray());

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("reads a ClickHouse table", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(paths.FindSource());
    }

    /// <summary>Names that could point outside the data folder, URL-escaped as a client sends them; 500 characters is too long.</summary>
    public static TheoryData<string> HostileNames => new()
    {
        "..%2Fescape", "..%2Fx", "..", "%2E%2E", ".hidden", "con", "CON", "%2Fetc", "%2Fetc%2Fpasswd", "a%2Fb", "a%5Cb", new string('a', 500),
    };

    [Theory]
    [MemberData(nameof(HostileNames))]
    public async Task A_bad_name_is_refused_and_nothing_is_written(string name)
    {
        var response = await Upload(name, "user_id,timestamp,page,event\nu,2025-03-01T10:00:00Z,/a,view\n"u8.ToArray());
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{response.StatusCode}");
        Assert.Equal(["tiny"], Directory.GetDirectories(_folder.File("data")).Select(Path.GetFileName));
        Assert.All(Directory.GetDirectories(_folder.Path).Select(Path.GetFileName), d => Assert.Contains(d, new[] { "data", "outputs" }));
    }

    [Fact]
    public async Task An_empty_name_is_refused()
    {
        var response = await Upload("", "a"u8.ToArray());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["tiny"], Directory.GetDirectories(_folder.File("data")).Select(Path.GetFileName));
    }

    [Theory]
    [MemberData(nameof(HostileNames))]
    public async Task No_download_serves_a_file_for_a_bad_name(string name)
    {
        // A file that a name escaping the outputs folder could reach: outputs/../data/tiny/events.csv, or a sibling.
        await _http.GetStringAsync("api/datasets/tiny/export/friction.csv");
        foreach (var url in new[] { $"api/datasets/{name}/files/dataset_info.json", $"api/datasets/{name}/export/friction.csv",
                     $"api/datasets/{name}/export/fragile-flows.csv", $"api/datasets/{name}/export/heatmap.html" })
        {
            var response = await _http.GetAsync(url);
            Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{url}: {response.StatusCode}");
        }
    }

    [Fact]
    public async Task A_file_over_the_limit_is_refused_with_413_and_leaves_nothing()
    {
        var response = await Upload("big", new byte[1024 * 1024 + 1]);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("1 MB", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_folder.File("data"), "big")));
    }

    [Fact]
    public async Task An_empty_upload_is_refused()
    {
        var response = await Upload("empty", []);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(Directory.Exists(Path.Combine(_folder.File("data"), "empty")));
    }

    [Fact]
    public async Task The_friction_export_holds_the_filtered_rows_and_is_named_after_the_filter()
    {
        var response = await _http.GetAsync("api/datasets/tiny/export/friction.csv?chokepoints=1&page=%2Fproduct");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("tiny-friction-chokepoints-page-product.csv", response.Content.Headers.ContentDisposition?.FileName);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // Default mode: both /product pairs are chokepoints with score 1/3 (docs/metrics.md, the tiny example), Page View first.
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("/product,Page View,0.3333333333333333,1,2,0.3333333333333333,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("/product,Scroll,", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_fragile_flow_exports_hold_every_step()
    {
        var all = await _http.GetStringAsync("api/datasets/tiny/export/fragile-flows.csv?minLength=5");
        // Flows with 5 or more steps: s_A1 (6) and s_B1 (5).
        Assert.Equal(1 + 6 + 5, all.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var one = await _http.GetStringAsync("api/datasets/tiny/export/fragile-flows/s_C1.csv");
        Assert.Equal(1 + 3, one.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("api/datasets/tiny/export/fragile-flows/s_B2.csv")).StatusCode);
    }

    [Fact]
    public async Task The_heatmap_export_is_a_self_contained_html_file()
    {
        var response = await _http.GetAsync("api/datasets/tiny/export/heatmap.html?view=top10");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("tiny-heatmap-top10.html", response.Content.Headers.ContentDisposition?.FileName);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(2, html.Split("class=\"node\"").Length - 1); // /cart and /product
    }

    [Fact]
    public async Task A_small_gzip_of_a_huge_first_line_is_a_400_with_the_reason_not_a_500()
    {
        var bomb = TeloMesh.Tests.Core.Import.CompressionBombTests.Bomb("", 0, 64); // 64 MB of zeros in well under the 1 MB limit
        var response = await Upload("bomb", bomb);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("the first line is longer than 4 MB", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_folder.File("data"), "bomb")));
    }

    [Fact]
    public async Task An_export_whose_caller_hangs_up_stops_its_analysis()
    {
        // 600,000 events: an analysis of about a second, long enough to hang up during it.
        var folder = Path.Combine(_folder.File("data"), "big");
        Directory.CreateDirectory(folder);
        new TeloMesh.Core.Synthetic.SyntheticEventGenerator(new TeloMesh.Core.Synthetic.SyntheticOptions { Users = 20_000, EventsPerUser = 30 })
            .WriteFile(Path.Combine(folder, "events.csv"));
        using (var hangUp = new CancellationTokenSource())
        {
            // Hung up from a thread of its own: the analysis keeps the pool's threads busy, which would delay a timer.
            var caller = new Thread(() =>
            {
                Thread.Sleep(150);
                hangUp.Cancel();
            });
            caller.Start();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _http.GetAsync("api/datasets/big/export/friction.csv", hangUp.Token));
            caller.Join();
        }

        await Task.Delay(TimeSpan.FromSeconds(4)); // more than the whole analysis would take
        var info = TeloMesh.Core.Datasets.DatasetInfo.TryRead(Path.Combine(_folder.File("outputs"), "big", "dataset_info.json"));
        Assert.Null(info?.AnalysedUtc);
    }

    [Fact]
    public async Task After_a_run_that_did_not_finish_no_file_of_it_is_served()
    {
        await _http.GetStringAsync("api/datasets/tiny/export/friction.csv"); // analyses the dataset
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("api/datasets/tiny/files/event_chokepoints.csv")).StatusCode);
        // What a run killed while writing leaves: dataset_info.json without its analysis time (DatasetRunner.Commit).
        TeloMesh.Core.Datasets.DatasetRunner.MarkUnfinished(new TeloMesh.Core.Datasets.DatasetPaths(_folder.File("data"), _folder.File("outputs"), "tiny"));

        var response = await _http.GetAsync("api/datasets/tiny/files/event_chokepoints.csv");
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("has no finished analysis", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dataset_info_served_names_its_source_inside_the_data_folder_not_the_servers_paths()
    {
        await _http.GetStringAsync("api/datasets/tiny/export/friction.csv");
        var info = await _http.GetStringAsync("api/datasets/tiny/files/dataset_info.json");
        Assert.Contains("\"source_file\": \"tiny/events.csv\"", info, StringComparison.Ordinal);
        Assert.DoesNotContain(_folder.File("data"), info, StringComparison.Ordinal);
        Assert.DoesNotContain(_folder.File("outputs"), info, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Output_files_download_by_name_and_nothing_else_does()
    {
        await _http.GetStringAsync("api/datasets/tiny/export/friction.csv"); // analyses the dataset
        var response = await _http.GetAsync("api/datasets/tiny/files/session_flows.csv");
        Assert.Equal("tiny-session_flows.csv", response.Content.Headers.ContentDisposition?.FileName);
        Assert.StartsWith("user_id,session_id,step_index,page,event,timestamp", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("api/datasets/tiny/files/events.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("api/datasets/tiny/files/..%2F..%2Fdata%2Ftiny%2Fevents.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("api/datasets/nope/export/friction.csv")).StatusCode);
    }

    [Fact]
    public async Task An_upload_that_is_not_octet_stream_is_refused()
    {
        var (header, token) = await AntiforgeryUpload.TokenAsync(_http);
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/datasets/plain/source") { Content = new StringContent("user_id,timestamp,page,event\n") };
        request.Headers.Add(header, token);
        var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.False(Directory.Exists(Path.Combine(_folder.File("data"), "plain")));
    }

    [Fact]
    public async Task Every_download_of_a_dataset_with_hostile_names_is_neutralised_or_encoded()
    {
        var fixture = await File.ReadAllBytesAsync(TestFiles.Fixture("hostile", "hostile-names.csv"));
        Assert.Equal(HttpStatusCode.Created, (await Upload("hostile", fixture)).StatusCode);
        var csvs = new List<(string Url, string Text)>();
        foreach (var url in new[] { "export/friction.csv", "export/fragile-flows.csv", "files/session_flows.csv", "files/event_chokepoints.csv",
                     "files/high_friction_flows.csv", "files/rejected_rows.csv" })
            csvs.Add((url, await _http.GetStringAsync($"api/datasets/hostile/{url}")));
        // One flow by its session id, which is a formula: the URL escapes it, the file name is a safe slug.
        var single = await _http.GetAsync($"api/datasets/hostile/export/fragile-flows/{Uri.EscapeDataString("=HYPERLINK(\"http://x\")")}.csv");
        Assert.Equal(HttpStatusCode.OK, single.StatusCode);
        Assert.DoesNotContain("\"", single.Content.Headers.ContentDisposition!.FileName!.Trim('"'), StringComparison.Ordinal);
        csvs.Add(("single flow", await single.Content.ReadAsStringAsync()));
        foreach (var (url, text) in csvs)
        {
            var rows = Core.Hostile.HostileDatasets.ReadCsv(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)));
            Assert.True(rows.Count > 1, url);
            Core.Hostile.HostilePropertyTests.AssertNoFormulaCells(rows, url);
        }
        // The single flow: session k = 2 walks 9 steps from page 2; every cell of its session column is the escaped formula.
        Assert.All(Core.Hostile.HostileDatasets.ReadCsv(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csvs[^1].Text))).Skip(1),
            r => Assert.Equal("'=HYPERLINK(\"http://x\")", r[0]));

        var html = await _http.GetStringAsync("api/datasets/hostile/export/heatmap.html");
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        var graphml = await _http.GetStringAsync("api/datasets/hostile/files/user_graph.graphml");
        Assert.DoesNotContain("<script>", graphml, StringComparison.Ordinal);
        Assert.Equal(8, System.Xml.Linq.XDocument.Parse(graphml).Descendants("{http://graphml.graphdrawing.org/xmlns}node").Count());
    }
}
