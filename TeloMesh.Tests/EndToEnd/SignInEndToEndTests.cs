using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace TeloMesh.Tests.EndToEnd;

/// <summary>The dashboard started with an access key, as a team would run it.</summary>
public sealed class SignedInDashboardServer : DashboardServer
{
    public const string Key = "team-key-for-the-browser-tests";

    public override string? AccessKey => Key;
}

[CollectionDefinition(Name)]
public sealed class SignedInDashboardCollection : ICollectionFixture<SignedInDashboardServer>
{
    public const string Name = "dashboard with an access key";
}

/// <summary>Signing in, working and signing out in the real browser, under the content security policy.</summary>
[Collection(SignedInDashboardCollection.Name)]
public sealed class SignInEndToEndTests(SignedInDashboardServer server) : DashboardTest(server)
{
    [Fact]
    public async Task Sign_in_with_the_key_then_browse_upload_and_sign_out()
    {
        var page = await Server.NewPageAsync();
        await page.GotoAsync("datasets");
        // Anonymous: the sign-in page, which says what it wants and keeps where the user was going.
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin\\?returnUrl=%2Fdatasets$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Sign in");
        await Expect(page.Locator("body")).ToContainTextAsync("asks for the access key");
        await DashboardServer.ScreenshotAsync(page, "signin");

        await page.Locator("[data-testid=access-key]").FillAsync("not-the-key");
        await page.Locator("[data-testid=signin-button]").ClickAsync();
        await Expect(page.Locator("[data-testid=signin-error]")).ToContainTextAsync("That is not the access key");
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "TeloMesh.Session");

        await page.Locator("[data-testid=access-key]").FillAsync(SignedInDashboardServer.Key);
        await page.Locator("[data-testid=signin-button]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/datasets$"));
        await DashboardServer.WaitInteractiveAsync(page);
        await Expect(page.Locator("[data-testid=open-demo]")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        var session = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == "TeloMesh.Session");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);

        // The upload page sends the antiforgery token its circuit holds; the endpoint would refuse the file without it.
        var file = Path.Combine(Server.DataRoot, "..", "team-upload.csv");
        await File.WriteAllTextAsync(file, await File.ReadAllTextAsync(TestFiles.Fixture("tiny", "events.csv")));
        await page.Locator("[data-testid=go-upload]").ClickAsync();
        await page.Locator("[data-testid=drop-zone][data-ready=true]").WaitForAsync();
        await page.Locator("[data-testid=file-input]").SetInputFilesAsync(file);
        await Expect(page.Locator("input[data-testid=dataset-name]")).ToHaveValueAsync("team-upload");
        await page.Locator("[data-testid=upload-button]").ClickAsync();
        await Expect(page.Locator("[data-testid=validation]")).ToContainTextAsync("28 rows read: 28 accepted", new() { Timeout = 20_000 });
        Assert.True(File.Exists(Path.Combine(Server.DataRoot, "team-upload", "events.csv")));

        await page.Locator("[data-testid=sign-out]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin$"));
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "TeloMesh.Session");
        await page.GotoAsync("datasets/team-upload/friction");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Sign in");
    }

    [Fact]
    public async Task Exports_download_for_a_signed_in_user_only()
    {
        await EndToEndFiles.EnsureTinyAsync(Server, "exports");
        var page = await Server.OpenAsync("datasets/exports/friction");
        await Expect(page.Locator("[data-testid=row-count]")).ToHaveTextAsync("8 of 8 rows", new() { Timeout = 20_000 });
        var (name, csv) = await EndToEndFiles.DownloadAsync(page, "[data-testid=export-friction]");
        Assert.Equal("exports-friction.csv", name);
        Assert.Contains("/cart,Add to Cart", csv, StringComparison.Ordinal);

        var stranger = await Server.NewPageAsync();
        var response = await stranger.APIRequest.GetAsync("api/datasets/exports/export/friction.csv");
        Assert.Equal(401, response.Status);
        Assert.DoesNotContain("/cart", await response.TextAsync(), StringComparison.Ordinal);
    }
}
