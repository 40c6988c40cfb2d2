using static Microsoft.Playwright.Assertions;

namespace TeloMesh.Tests.EndToEnd;

/// <summary>A user uploads their own CSV in the real browser, sees the rows, filters them and downloads them.</summary>
[Collection(DashboardCollection.Name)]
public sealed class UploadEndToEndTests(DashboardServer server) : DashboardTest(server)
{
    [Fact]
    public async Task Upload_a_csv_see_its_rows_filter_and_export()
    {
        // The tiny example plus one bad row (line 30: no event).
        var file = Path.Combine(Server.DataRoot, "..", "upload-me.csv");
        await File.WriteAllTextAsync(file, await File.ReadAllTextAsync(TestFiles.Fixture("tiny", "events.csv")) + "u_E,2025-03-05T09:00:00Z,/home,,s_E1\n");
        var page = await Server.OpenAsync("upload");
        await page.Locator("[data-testid=drop-zone][data-ready=true]").WaitForAsync();
        await page.Locator("[data-testid=file-input]").SetInputFilesAsync(file);
        // The name is suggested from the file name; the user replaces it.
        await Expect(page.Locator("input[data-testid=dataset-name]")).ToHaveValueAsync("upload-me");
        await page.Locator("input[data-testid=dataset-name]").FillAsync("uploaded");
        await page.Locator("[data-testid=upload-button]").ClickAsync();

        var validation = page.Locator("[data-testid=validation]");
        await Expect(validation).ToContainTextAsync("29 rows read: 28 accepted", new() { Timeout = 20_000 });
        await Expect(page.Locator("[data-testid=rejected-count]")).ToHaveTextAsync("1 rejected");
        await Expect(validation).ToContainTextAsync("empty event");
        await DashboardServer.ScreenshotAsync(page, "upload");

        var (rejectedName, rejected) = await EndToEndFiles.DownloadAsync(page, "[data-testid=rejected-download]");
        Assert.Equal("uploaded-rejected_rows.csv", rejectedName);
        Assert.Equal(["line_number,reason,raw_row", "30,empty event,\"u_E,2025-03-05T09:00:00Z,/home,,s_E1\""], EndToEndFiles.Lines(rejected));

        await page.Locator("[data-testid=open-friction]").ClickAsync();
        var count = page.Locator("[data-testid=row-count]");
        await Expect(count).ToHaveTextAsync("8 of 8 rows", new() { Timeout = 20_000 });
        // Default mode on the tiny case: three chokepoints, each with score 1/3 (docs/metrics.md, the tiny example).
        await Expect(page.Locator("[data-metric=Chokepoints]")).ToHaveTextAsync("3");
        await DashboardServer.ScreenshotAsync(page, "friction");

        await page.Locator("input[placeholder='Search pages and events']").FillAsync("cart");
        await Expect(count).ToHaveTextAsync("1 of 8 rows");
        await Expect(page.Locator("tbody tr")).ToHaveCountAsync(1);

        var (name, csv) = await EndToEndFiles.DownloadAsync(page, "[data-testid=export-friction]");
        Assert.Equal("uploaded-friction-search-cart.csv", name);
        // /cart in the default mode: 3 occurrences, 1 exit (s_D2), betweenness 1, score 1/3, a chokepoint.
        Assert.Equal(
            ["page,event,exit_rate,betweenness,users_lost,WSJF_Friction_Score,occurrences,exits,unique_users_lost,is_chokepoint,exit_rate_low,exit_rate_high,score_low",
             "/cart,Add to Cart,0.3333333333333333,1,1,0.3333333333333333,3,1,1,1," + SpecFormulas.IntervalCells(1, 3, 1)],
            EndToEndFiles.Lines(csv));

        // The page filter: type part of a page, pick it from the suggestions.
        await page.Locator("input[placeholder='Search pages and events']").FillAsync("");
        await Expect(count).ToHaveTextAsync("8 of 8 rows");
        await page.Locator("input[data-testid=page-filter]").FillAsync("/prod");
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "/product" }).ClickAsync();
        await Expect(count).ToHaveTextAsync("2 of 8 rows"); // /product with Page View and with Scroll
    }

    [Fact]
    public async Task A_missing_column_is_named_and_can_be_mapped()
    {
        var file = Path.Combine(Server.DataRoot, "..", "when.csv");
        await File.WriteAllTextAsync(file, "user_id,when,page,event\nu1,2025-03-01T10:00:00Z,/a,view\nu1,2025-03-01T10:01:00Z,/b,view\n");
        var page = await Server.OpenAsync("upload");
        await page.Locator("[data-testid=drop-zone][data-ready=true]").WaitForAsync();
        await page.Locator("[data-testid=file-input]").SetInputFilesAsync(file);
        await Expect(page.Locator("input[data-testid=dataset-name]")).ToHaveValueAsync("when");
        await page.Locator("input[data-testid=dataset-name]").FillAsync("mapped");
        await page.Locator("[data-testid=upload-button]").ClickAsync();

        var message = page.Locator("[data-testid=missing-columns]");
        await Expect(message).ToContainTextAsync("no column called 'timestamp'", new() { Timeout = 20_000 });
        await Expect(message).ToContainTextAsync("'user_id', 'when', 'page', 'event'");
        await Expect(page.Locator("[data-testid=analyse-button]")).ToBeDisabledAsync();
        await DashboardServer.ScreenshotAsync(page, "column-mapping");

        await page.Locator("[data-role=timestamp]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "when" }).ClickAsync();
        await page.Locator("[data-testid=analyse-button]").ClickAsync();
        await Expect(page.Locator("[data-testid=validation]")).ToContainTextAsync("2 rows read: 2 accepted", new() { Timeout = 20_000 });
    }

    /// <summary>
    /// An event-only log (user, event, time: <see cref="Core.Events.EventOnlyTests.Shop"/>) from upload to a ranking: the
    /// page is missing, one click maps it to the event column, and add_to_cart (2 steps, 1 session ending there: 50.0 %,
    /// the one page between two others) is the top friction point.
    /// </summary>
    [Fact]
    public async Task An_event_only_log_maps_its_event_column_as_the_page_and_is_ranked()
    {
        var file = Path.Combine(Server.DataRoot, "..", "event-only.csv");
        await File.WriteAllTextAsync(file, Core.Events.EventOnlyTests.Shop);
        var page = await Server.OpenAsync("upload");
        await page.Locator("[data-testid=drop-zone][data-ready=true]").WaitForAsync();
        await page.Locator("[data-testid=file-input]").SetInputFilesAsync(file);
        await Expect(page.Locator("input[data-testid=dataset-name]")).ToHaveValueAsync("event-only");
        await page.Locator("[data-testid=upload-button]").ClickAsync();

        await Expect(page.Locator("[data-testid=missing-columns]")).ToContainTextAsync("no column called 'page'", new() { Timeout = 20_000 });
        await Expect(page.Locator("[data-testid=analyse-button]")).ToBeDisabledAsync();
        await page.Locator("[data-testid=use-event-as-page]").ClickAsync();
        await Expect(page.Locator("[data-testid=event-only]")).ToContainTextAsync("an event-only log");
        await page.Locator("[data-testid=analyse-button]").ClickAsync();
        await Expect(page.Locator("[data-testid=validation]")).ToContainTextAsync("6 rows read: 6 accepted", new() { Timeout = 20_000 });

        await page.Locator("[data-testid=open-friction]").ClickAsync();
        var first = page.Locator("tbody tr").First;
        await Expect(first).ToContainTextAsync("add_to_cart", new() { Timeout = 20_000 });
        await Expect(first).ToContainTextAsync("50.0 %");
        await Expect(first).ToContainTextAsync("chokepoint");
    }

    /// <summary>
    /// A URL-heavy log (docs/metrics.md section 11): 60 users each see /home with a tracking parameter (3 variants), their
    /// own product (/product/1000 ... /product/1059) and /cart; every third goes on to an order of its own (a UUID). 84 pages
    /// as read: 3 + 60 + 1 + 20. The suggestions merge the 60 products into /product/:id, the 20 orders into /order/:id and the
    /// 3 home variants into /home (83 pages); with all three the dataset has 4 pages and 4 (page, event) rows.
    /// </summary>
    [Fact]
    public async Task A_url_heavy_log_is_grouped_by_the_suggested_rules_into_a_readable_ranking()
    {
        var file = Path.Combine(Server.DataRoot, "..", "url-heavy.csv");
        var rows = new List<string> { "user_id,timestamp,page,event" };
        for (var i = 0; i < 60; i++)
        {
            rows.Add($"u{i},2025-03-01T10:{i:00}:00Z,/home?utm_source=mail{i % 3},view");
            rows.Add($"u{i},2025-03-01T10:{i:00}:10Z,/product/{1000 + i},view");
            rows.Add($"u{i},2025-03-01T10:{i:00}:20Z,/cart,add");
            if (i % 3 == 0) rows.Add($"u{i},2025-03-01T10:{i:00}:30Z,/order/0f6c1f1e-1a4b-4f0e-9d3e-{i:000000000000},view");
        }
        await File.WriteAllLinesAsync(file, rows);
        var page = await Server.OpenAsync("upload");
        await page.Locator("[data-testid=drop-zone][data-ready=true]").WaitForAsync();
        await page.Locator("[data-testid=file-input]").SetInputFilesAsync(file);
        await Expect(page.Locator("input[data-testid=dataset-name]")).ToHaveValueAsync("url-heavy");
        await page.Locator("[data-testid=upload-button]").ClickAsync();

        await Expect(page.Locator("[data-testid=grouping-hint]")).ToContainTextAsync("84 pages, 83 of them look like ids or tracking parameters",
            new() { Timeout = 20_000 });
        await page.Locator("[data-testid=edit-grouping]").ClickAsync();
        var dialog = page.Locator("[data-testid=group-pages-dialog]");
        await Expect(dialog.Locator("[data-testid=grouping-suggestion]")).ToHaveCountAsync(3);
        await Expect(dialog.Locator("[data-testid=grouping-suggestion]").First).ToContainTextAsync("merges 60 pages into 1");
        await dialog.Locator("[data-testid=add-all-suggestions]").ClickAsync();
        await Expect(dialog.Locator("[data-testid=grouping-count]")).ToHaveTextAsync("84 pages as read become 4.");
        await DashboardServer.ScreenshotAsync(page, "grouping-dialog");
        await page.Locator("[data-testid=apply-grouping]").ClickAsync();
        await Expect(page.Locator("[data-testid=grouping-summary]")).ToHaveTextAsync("4 page types, grouped from 84 pages by 3 grouping rules.",
            new() { Timeout = 20_000 });

        await page.Locator("[data-testid=open-friction]").ClickAsync();
        await Expect(page.Locator("[data-testid=row-count]")).ToHaveTextAsync("4 of 4 rows", new() { Timeout = 20_000 });
        await Expect(page.Locator("tbody tr", new() { HasText = "/product/:id" })).ToHaveCountAsync(1);
        await Expect(page.Locator("tbody tr", new() { HasText = "/order/:id" })).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task A_vendor_export_is_detected_previewed_and_imported()
    {
        // GA4 BigQuery export rows (event_timestamp in microseconds; 1740819600000000 is 2025-03-01T09:00:00Z).
        var file = Path.Combine(Server.DataRoot, "..", "ga4-export.jsonl");
        await File.WriteAllLinesAsync(file,
        [
            """{"event_timestamp":"1740819600000000","event_name":"page_view","user_pseudo_id":"p1","event_params":[{"key":"page_location","value":{"string_value":"https://shop.example/home?utm=x"}},{"key":"ga_session_id","value":{"int_value":"77"}}]}""",
            """{"event_timestamp":"1740819660000000","event_name":"add_to_cart","user_pseudo_id":"p1","event_params":[{"key":"page_location","value":{"string_value":"https://shop.example/cart#top"}},{"key":"ga_session_id","value":{"int_value":"77"}}]}""",
            """{"event_timestamp":"1740819720000000","event_name":"page_view","user_pseudo_id":"p2","event_params":[]}""",
        ]);
        var page = await Server.OpenAsync("upload");
        await page.Locator("[data-testid=drop-zone][data-ready=true]").WaitForAsync();
        await page.Locator("[data-testid=file-input]").SetInputFilesAsync(file);
        await Expect(page.Locator("input[data-testid=dataset-name]")).ToHaveValueAsync("ga4-export");
        await page.Locator("[data-testid=upload-button]").ClickAsync();

        await Expect(page.Locator("[data-testid=detected-format]")).ToContainTextAsync("ga4", new() { Timeout = 20_000 });
        var preview = page.Locator("[data-testid=vendor-preview] tbody tr");
        await Expect(preview).ToHaveCountAsync(3);
        // The URL becomes its path; the session is user_pseudo_id + ga_session_id; the third record has no page, so its event name stands for it.
        await Expect(preview.Nth(0)).ToContainTextAsync("/home");
        await Expect(preview.Nth(0)).ToContainTextAsync("p1_77");
        await Expect(preview.Nth(0)).ToContainTextAsync("2025-03-01T09:00:00Z");
        await Expect(preview.Nth(1)).ToContainTextAsync("/cart");
        await Expect(preview.Nth(2)).ToContainTextAsync("page_view");
        await Expect(preview.Nth(2).Locator("[data-testid=page-from-event]")).ToHaveTextAsync("(no page: the event name)");
        await DashboardServer.ScreenshotAsync(page, "import-preview");

        await page.Locator("[data-testid=import-button]").ClickAsync();
        await Expect(page.Locator("[data-testid=validation]")).ToContainTextAsync("3 rows read: 3 accepted", new() { Timeout = 20_000 });
        await Expect(page.Locator("[data-testid=pages-from-events]")).ToHaveTextAsync("1 event had no page: its event name is its step (as in an event-only log).");
        Assert.True(File.Exists(Path.Combine(Server.DataRoot, "ga4-export", "events.ga4")));
    }
}
