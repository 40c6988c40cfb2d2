namespace TeloMesh.Tests.EndToEnd;

/// <summary>The policy is enforced by the real browser, and the tests would see a violation if one happened.</summary>
[Collection(DashboardCollection.Name)]
public sealed class ContentSecurityEndToEndTests(DashboardServer server) : DashboardTest(server)
{
    [Fact]
    public async Task An_injected_inline_script_does_not_run_and_is_reported()
    {
        var page = await Server.OpenAsync("datasets");
        // What a stored XSS would amount to: an inline script element added to the page.
        await page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.injected = true'; document.body.appendChild(s); }");
        Assert.False(await page.EvaluateAsync<bool>("() => window.injected === true"));
        // (eval cannot be checked from here: Playwright's evaluation runs outside the page's policy. The header test shows
        // there is no 'unsafe-eval'.) The page's own inline import map was allowed (its nonce matched), so Blazor is running.
        Assert.True(await page.Locator("script[type=importmap][nonce]").CountAsync() == 1);
        var violations = Server.TakeCspViolations();
        Assert.Contains(violations, v => v.Contains("script-src", StringComparison.Ordinal) && v.Contains("inline", StringComparison.Ordinal));
    }
}
