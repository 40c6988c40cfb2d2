using System.Globalization;
using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace TeloMesh.Tests.EndToEnd;

/// <summary>
/// The Compare page in the real browser, on <see cref="CompareShop"/> uploaded as "shop-weeks": its two weeks are
/// compared by hand there (the top change is /cart -> /checkout, 77.8 % -> 37.5 %, q = 0.0022673, impact 12.89).
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed partial class CompareEndToEndTests(DashboardServer server) : DashboardTest(server)
{
    private const string Dataset = "shop-weeks", WithGoal = "shop-goal";
    private const string TopChange = "/cart -> /checkout: share of the transitions out of /cart 77.8 % -> 37.5 % (q = 0.002), 13 transitions affected";

    [GeneratedRegex(@"/datasets/shop-weeks/compare\?a-from=2025-03-03&a-to=2025-03-10&b-from=2025-03-10&b-to=2025-03-17$")]
    private static partial Regex TwoWeeksUrl();

    private async Task UploadAsync(string name)
    {
        using var http = await Server.CreateSignedInClientAsync();
        var response = await Web.AntiforgeryUpload.PostAsync(http, name, System.Text.Encoding.UTF8.GetBytes(CompareShop.Csv()));
        Assert.True(response.IsSuccessStatusCode || response.StatusCode == System.Net.HttpStatusCode.Conflict, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Two_weeks_chosen_in_the_browser_rank_the_change_worked_out_by_hand_and_download_as_csv()
    {
        await UploadAsync(Dataset);
        var page = await Server.OpenAsync($"datasets/{Dataset}/compare");
        await Expect(page.Locator("[data-testid=comparison-hint]")).ToBeVisibleAsync(new() { Timeout = 20_000 });

        // The form starts from the last week of data (the last event is on Sunday 2025-03-16); a preset fills other dates,
        // and the two weeks are then chosen by typing them (each field takes a day typed as yyyy-mm-dd).
        await Expect(page.Locator("input[data-testid=a-from]")).ToHaveValueAsync("2025-03-03");
        await page.Locator("[data-testid=preset-around]").ClickAsync();
        await Expect(page.Locator("input[data-testid=a-from]")).ToHaveValueAsync("2025-01-20");
        foreach (var (field, date) in new[] { ("a-from", "2025-03-03"), ("a-to", "2025-03-10"), ("b-from", "2025-03-10"), ("b-to", "2025-03-17") })
        {
            var input = page.Locator($"input[data-testid={field}]");
            await input.FillAsync(date);
            await input.PressAsync("Tab");
            await Expect(input).ToHaveValueAsync(date);
        }
        await page.Locator("[data-testid=compare-button]").ClickAsync();

        // The choice is in the address, and the ranked changes show the one worked out by hand first.
        await Expect(page).ToHaveURLAsync(TwoWeeksUrl());
        await Expect(page.Locator("[data-testid=change-count]")).ToHaveTextAsync("6 of 6 changes", new() { Timeout = 20_000 });
        await Expect(page.Locator("[data-testid=slice-a]")).ToHaveTextAsync("A: 2025-03-03 to 2025-03-10: 40 sessions");
        await Expect(page.Locator("[data-testid=significance]")).ToHaveTextAsync("2 significant (q < 0.05), 0 of them worse.");
        await Expect(page.Locator("[data-testid=change-words]").First).ToHaveTextAsync(TopChange);

        var (name, csv) = await EndToEndFiles.DownloadAsync(page, "[data-testid=export-comparison-csv]");
        Assert.Equal($"{Dataset}-comparison.csv", name);
        CompareShop.AssertHeaderAndTopRow(EndToEndFiles.Lines(csv));

        // Worse only: the exit of /cart (10.0 % -> 20.0 %), which rose but may be noise (q = 0.421).
        await page.Locator("input[data-testid=worse-only], [data-testid=worse-only] input").CheckAsync();
        await Expect(page.Locator("[data-testid=change-count]")).ToHaveTextAsync("1 of 6 changes");
        await Expect(page).ToHaveURLAsync(new Regex("&worse=1$"));
        await Expect(page.Locator("[data-testid=change-words]")).ToHaveTextAsync("/cart (view): exit rate 10.0 % -> 20.0 % (q = 0.421), 4 visits affected");

        // The address is the comparison: opened afresh, it runs again with the filter.
        var shared = await Server.OpenAsync(page.Url);
        await Expect(shared.Locator("[data-testid=change-count]")).ToHaveTextAsync("1 of 6 changes", new() { Timeout = 20_000 });
    }

    [Fact]
    public async Task With_a_goal_the_graph_colours_both_changed_routes_red()
    {
        await UploadAsync(WithGoal);
        var page = await Server.OpenAsync($"datasets/{WithGoal}/compare?a-from=2025-03-03&a-to=2025-03-10&b-from=2025-03-10&b-to=2025-03-17");
        await Expect(page.Locator("[data-testid=change-count]")).ToHaveTextAsync("6 of 6 changes", new() { Timeout = 20_000 });

        // /checkout as the goal, from the goals bar: re-analysed in place, the comparison runs again with conversions.
        await page.Locator("[data-testid=edit-goals]").ClickAsync();
        var dialog = page.Locator("[data-testid=reanalyse-dialog]");
        await dialog.Locator("input[data-testid=goal-page-search], [data-testid=goal-page-search] input").FillAsync("/checkout");
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "/checkout" }).First.ClickAsync();
        await Expect(dialog.Locator("[data-testid=goal-chosen][data-goal='/checkout']")).ToBeVisibleAsync();
        await page.Locator("[data-testid=reanalyse-submit]").ClickAsync();
        await Expect(page.Locator("[data-testid=conversion-test]")).ToHaveTextAsync("Conversion 70.0 % -> 30.0 % (p < 0.001). Goals: page /checkout.",
            new() { Timeout = 20_000 });
        await Expect(page.Locator("[data-testid=change-count]")).ToHaveTextAsync("8 of 8 changes");
        await Expect(page.Locator("[data-testid=significance]")).ToHaveTextAsync("4 significant (q < 0.05), 2 of them worse.");
        await Expect(page.Locator("tbody tr").First.Locator("[data-testid=mark]")).ToHaveTextAsync("worse");

        // The graph: five pages; /cart -> /checkout (toward the goal, shrank) and /cart -> /error (an error page, grew) red,
        // 8 and 7.8 wide (2 + 6 · 12.44 / 12.89); the other routes thin and grey.
        var graph = page.Locator("[data-testid=comparison-graph]");
        await Expect(graph.Locator(".heat-node")).ToHaveCountAsync(5, new() { Timeout = 20_000 });
        await Expect(page.Locator("[data-testid=graph-count]")).ToHaveTextAsync("2 significant transition changes drawn");
        var red = graph.Locator("path[stroke='#e53935']:not(.selection-helper)");
        await Expect(red).ToHaveCountAsync(2);
        var widths = await red.EvaluateAllAsync<string[]>("paths => paths.map(p => p.getAttribute('stroke-width'))");
        Assert.Equal(["7.79", "8"], widths.Select(w => double.Parse(w, CultureInfo.InvariantCulture).ToString("0.##", CultureInfo.InvariantCulture)).Order());
        await graph.Locator(".heat-node[data-page='/error']").HoverAsync();
        await Expect(page.Locator("[data-testid=page-changes]")).ToContainTextAsync("/cart -> /error: share of the transitions out of /cart 11.1 % -> 50.0 %");
        // Clicked, the page's changes stay in the panel; the README's screenshot shows them, from the top, without the
        // "re-analysed" message.
        await graph.Locator(".heat-node[data-page='/error']").ClickAsync();
        await page.Locator(".mud-snackbar button").ClickAsync();
        await Expect(page.Locator(".mud-snackbar")).ToHaveCountAsync(0);
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await Expect(page.Locator("[data-testid=page-changes]")).ToContainTextAsync("/cart -> /error");
        await DashboardServer.ScreenshotAsync(page, "compare");

        var (name, html) = await EndToEndFiles.DownloadAsync(page, "[data-testid=export-comparison-html]");
        Assert.Equal($"{WithGoal}-comparison.html", name);
        Assert.Contains("worse: /cart (view): conversion of sessions through it 70.0 % -&gt; 30.0 % (q = 0.001), 16 sessions affected", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }
}
