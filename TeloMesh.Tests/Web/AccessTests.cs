using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TeloMesh.Web.Services.Access;

namespace TeloMesh.Tests.Web;

/// <summary>
/// Sign-in over HTTP against the app in-process with an access key: what an anonymous caller gets, how a key becomes
/// a session cookie, the throttle, antiforgery on the upload, and the headers on every response.
/// </summary>
public sealed partial class AccessTests : IAsyncLifetime
{
    public const string Key = "correct-horse-battery-staple-42";

    private readonly TestFiles.TempFolder _folder = new();
    private WebApplicationFactory<Program> _factory = null!;

    public Task InitializeAsync()
    {
        var tiny = Path.Combine(_folder.File("data"), "tiny");
        Directory.CreateDirectory(tiny);
        File.Copy(TestFiles.Fixture("tiny", "events.csv"), Path.Combine(tiny, "events.csv"));
        _factory = Factory(_folder, Key);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        _folder.Dispose();
    }

    internal static WebApplicationFactory<Program> Factory(TestFiles.TempFolder folder, string? key) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("TeloMesh:DataRoot", folder.File("data"));
            web.UseSetting("TeloMesh:OutputsRoot", folder.File("outputs"));
            web.UseSetting("TeloMesh:CreateDemoDataset", "false");
            if (key is not null) web.UseSetting("TeloMesh:AccessKey", key);
        });

    private HttpClient Client() => _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private static Task<HttpResponseMessage> SignIn(HttpClient http, string key, string? returnUrl = null)
    {
        var fields = new List<KeyValuePair<string, string>> { new("key", key) };
        if (returnUrl is not null) fields.Add(new("returnUrl", returnUrl));
        return http.PostAsync("account/signin", new FormUrlEncodedContent(fields));
    }

    private async Task<HttpClient> SignedIn()
    {
        var http = Client();
        Assert.Equal(HttpStatusCode.Redirect, (await SignIn(http, Key)).StatusCode);
        return http;
    }

    public static TheoryData<string, string> Protected => new()
    {
        { "GET", "/" },
        { "GET", "/datasets" },
        { "GET", "/upload" },
        { "GET", "/datasets/tiny/friction" },
        { "GET", "/datasets/tiny/heatmap" },
        { "GET", "/datasets/tiny/flows" },
        { "GET", "/not-a-page" },
        { "POST", "/_blazor/negotiate?negotiateVersion=1" },
        { "GET", "/_blazor?id=x" },
        { "POST", "/api/datasets/new/source" },
        { "GET", "/api/antiforgery" },
        { "GET", "/api/datasets/tiny/files/session_flows.csv" },
        { "GET", "/api/datasets/tiny/export/friction.csv" },
        { "GET", "/api/datasets/tiny/export/fragile-flows.csv" },
        { "GET", "/api/datasets/tiny/export/fragile-flows/s_C1.csv" },
        { "GET", "/api/datasets/tiny/export/heatmap.html" },
    };

    [Theory]
    [MemberData(nameof(Protected))]
    public async Task An_anonymous_request_gets_nothing_but_a_way_to_sign_in(string method, string path)
    {
        using var http = Client();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST") request.Content = new ByteArrayContent("user_id,timestamp,page,event\n"u8.ToArray());
        var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (path.StartsWith("/api/", StringComparison.Ordinal) || path.StartsWith("/_blazor", StringComparison.Ordinal))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("Sign in first", body, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal($"/signin?returnUrl={Uri.EscapeDataString(path)}", response.Headers.Location!.PathAndQuery);
        }
        Assert.DoesNotContain("/product", body, StringComparison.Ordinal); // nothing of the dataset leaks
        Assert.False(Directory.Exists(Path.Combine(_folder.File("data"), "new")));
    }

    [Fact]
    public async Task The_sign_in_page_and_static_files_are_open_and_explain_themselves()
    {
        using var http = Client();
        var page = await http.GetAsync("/signin");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("asks for the access key", html, StringComparison.Ordinal);
        Assert.Contains("name=\"key\" type=\"password\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<!--Blazor:{\"type\":\"server\"", html, StringComparison.Ordinal); // no interactive component: no circuit
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/app.css")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/_framework/blazor.web.js")).StatusCode);
    }

    [Fact]
    public async Task A_wrong_key_is_refused_without_a_cookie()
    {
        using var http = Client();
        var response = await SignIn(http, Key + "x", "/datasets");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/signin?failed=1&returnUrl=%2Fdatasets", response.Headers.Location!.OriginalString);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Equal(HttpStatusCode.Redirect, (await http.GetAsync("/datasets")).StatusCode);
        var page = await (await http.GetAsync(response.Headers.Location)).Content.ReadAsStringAsync();
        Assert.Contains("That is not the access key", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_right_key_gives_an_http_only_strict_cookie_that_opens_everything()
    {
        using var http = Client();
        var response = await SignIn(http, Key, "/datasets/tiny/friction");
        Assert.Equal("/datasets/tiny/friction", response.Headers.Location!.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("TeloMesh.Session=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase); // plain http here: Secure only over https

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/datasets")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("/_blazor/negotiate?negotiateVersion=1", null)).StatusCode);
        var csv = await http.GetAsync("/api/datasets/tiny/export/friction.csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Contains("/product", await csv.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, (await AntiforgeryUpload.PostAsync(http, "second", await File.ReadAllBytesAsync(TestFiles.Fixture("tiny", "events.csv")))).StatusCode);
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        using var http = await SignedIn();
        var response = await http.PostAsync("account/signout", null);
        Assert.Equal("/signin", response.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/datasets/tiny/export/friction.csv")).StatusCode);
    }

    [Fact]
    public async Task A_session_from_an_earlier_key_is_refused()
    {
        using var raw = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var cookie = (await SignIn(raw, Key)).Headers.GetValues("Set-Cookie")
            .Single(c => c.StartsWith("TeloMesh.Session=", StringComparison.Ordinal)).Split(';')[0];
        // Another start with the same key reads the cookie (the data protection keys outlive the process)...
        await using var restarted = Factory(_folder, Key);
        Assert.Equal(HttpStatusCode.OK, await ExportWith(restarted, cookie));
        // ...a start with a new key does not accept it: the session was opened with the old key.
        await using var rotated = Factory(_folder, Key + "-rotated");
        Assert.Equal(HttpStatusCode.Unauthorized, await ExportWith(rotated, cookie));
    }

    private static async Task<HttpStatusCode> ExportWith(WebApplicationFactory<Program> factory, string cookie)
    {
        using var http = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/datasets/tiny/export/friction.csv");
        request.Headers.Add("Cookie", cookie);
        return (await http.SendAsync(request)).StatusCode;
    }

    [Fact]
    public async Task Five_wrong_keys_make_the_address_wait_even_with_the_right_key()
    {
        using var http = Client();
        for (var i = 0; i < 5; i++)
            Assert.Contains("failed=1", (await SignIn(http, "guess-" + i)).Headers.Location!.OriginalString, StringComparison.Ordinal);
        var blocked = await SignIn(http, Key);
        Assert.Matches("^/signin\\?wait=[0-9]+&", blocked.Headers.Location!.OriginalString);
        Assert.False(blocked.Headers.Contains("Set-Cookie"));
        var page = await (await http.GetAsync(blocked.Headers.Location)).Content.ReadAsStringAsync();
        Assert.Contains("Too many wrong keys", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("//evil.example/x")]
    [InlineData("https://evil.example/")]
    [InlineData("/\\evil.example")]
    public async Task Sign_in_never_redirects_off_the_site(string returnUrl)
    {
        using var http = Client();
        Assert.Equal("/", (await SignIn(http, Key, returnUrl)).Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("/\t/evil")]
    [InlineData("/datasets\n/x")]
    [InlineData("/\r\nSet-Cookie: x=1")]
    public async Task A_return_address_with_a_tab_or_line_break_goes_home_instead_of_failing(string returnUrl)
    {
        using var http = Client();
        var response = await SignIn(http, Key, returnUrl);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_copy_of_the_cookie_stops_working_at_sign_out_even_after_a_restart()
    {
        using var raw = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var cookie = (await SignIn(raw, Key)).Headers.GetValues("Set-Cookie")
            .Single(c => c.StartsWith("TeloMesh.Session=", StringComparison.Ordinal)).Split(';')[0];
        Assert.Equal(HttpStatusCode.OK, await ExportWith(_factory, cookie));

        using var signOut = new HttpRequestMessage(HttpMethod.Post, "account/signout");
        signOut.Headers.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.Redirect, (await raw.SendAsync(signOut)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, await ExportWith(_factory, cookie));
        await using var restarted = Factory(_folder, Key);
        Assert.Equal(HttpStatusCode.Unauthorized, await ExportWith(restarted, cookie));
        // Another session, signed in after, is not affected.
        using var other = await SignedIn();
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/datasets/tiny/export/friction.csv")).StatusCode);
    }

    [Fact]
    public async Task A_sign_in_posted_from_another_site_is_refused()
    {
        using var http = Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, "account/signin") { Content = new FormUrlEncodedContent([new("key", Key)]) };
        request.Headers.Add("Sec-Fetch-Site", "cross-site");
        var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task An_upload_without_a_valid_antiforgery_token_is_refused_even_signed_in()
    {
        using var http = await SignedIn();
        var bytes = await File.ReadAllBytesAsync(TestFiles.Fixture("tiny", "events.csv"));
        using var none = new HttpRequestMessage(HttpMethod.Post, "api/datasets/forged/source") { Content = new ByteArrayContent(bytes) };
        none.Content.Headers.ContentType = new("application/octet-stream");
        var response = await http.SendAsync(none);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("antiforgery", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var (header, _) = await AntiforgeryUpload.TokenAsync(http);
        using var wrong = new HttpRequestMessage(HttpMethod.Post, "api/datasets/forged/source") { Content = new ByteArrayContent(bytes) };
        wrong.Content.Headers.ContentType = new("application/octet-stream");
        wrong.Headers.Add(header, "CfDJ8-not-a-token");
        Assert.Equal(HttpStatusCode.BadRequest, (await http.SendAsync(wrong)).StatusCode);
        Assert.False(Directory.Exists(Path.Combine(_folder.File("data"), "forged")));

        Assert.Equal(HttpStatusCode.Created, (await AntiforgeryUpload.PostAsync(http, "forged", bytes)).StatusCode);
    }

    [Fact]
    public async Task Every_page_carries_the_policy_and_the_import_map_its_nonce()
    {
        using var http = await SignedIn();
        foreach (var path in new[] { "/datasets", "/signin", "/app.css", "/api/datasets/tiny/export/friction.csv" })
        {
            var response = await http.GetAsync(path);
            var csp = string.Join("", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("script-src 'self' 'nonce-", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("script-src 'self' 'unsafe-inline'", csp, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.Equal("same-origin", response.Headers.GetValues("Cross-Origin-Opener-Policy").Single());
            Assert.Contains("camera=()", response.Headers.GetValues("Permissions-Policy").Single(), StringComparison.Ordinal);
            if (path != "/datasets") continue;
            var nonce = NonceInPolicy().Match(csp).Groups[1].Value;
            var html = await response.Content.ReadAsStringAsync();
            Assert.Matches($"<script type=\"importmap\" nonce=\"{Regex.Escape(nonce)}\">", html);
            // Every other script is a file from this site.
            Assert.All(ScriptTag().Matches(html), m => Assert.True(m.Value.Contains("src=\"", StringComparison.Ordinal) || m.Value.Contains("importmap", StringComparison.Ordinal), m.Value));
        }
    }

    [Fact]
    public async Task Each_response_has_its_own_nonce()
    {
        using var http = await SignedIn();
        var first = NonceInPolicy().Match(string.Join("", (await http.GetAsync("/datasets")).Headers.GetValues("Content-Security-Policy"))).Groups[1].Value;
        var second = NonceInPolicy().Match(string.Join("", (await http.GetAsync("/datasets")).Headers.GetValues("Content-Security-Policy"))).Groups[1].Value;
        Assert.NotEqual(first, second);
        Assert.Matches("^[0-9A-F]{32}$", first); // 128 random bits
    }

    [GeneratedRegex("'nonce-([^']+)'")]
    private static partial Regex NonceInPolicy();

    [GeneratedRegex("<script[^>]*>")]
    private static partial Regex ScriptTag();
}

/// <summary>Without an access key: loopback only, and no sign-in.</summary>
public sealed class OpenAccessTests : IAsyncLifetime
{
    private readonly TestFiles.TempFolder _folder = new();
    private WebApplicationFactory<Program> _factory = null!;

    public Task InitializeAsync()
    {
        _factory = AccessTests.Factory(_folder, key: null);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task Pages_open_without_signing_in_and_the_sign_in_page_says_why()
    {
        using var http = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/datasets")).StatusCode);
        Assert.Contains("has no access key", await http.GetStringAsync("/signin"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("192.168.1.20:5193")]
    public async Task A_request_for_another_host_name_is_refused(string host)
    {
        // A page on some website that re-points its own name at 127.0.0.1 (DNS rebinding) still sends its own name.
        using var http = _factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/datasets");
        request.Headers.Host = host;
        var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("answers only on this machine", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_upload_still_needs_an_antiforgery_token()
    {
        using var http = _factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/datasets/forged/source") { Content = new ByteArrayContent("a,b\n"u8.ToArray()) };
        request.Content.Headers.ContentType = new("application/octet-stream");
        Assert.Equal(HttpStatusCode.BadRequest, (await http.SendAsync(request)).StatusCode);
    }

    [Fact]
    public void Start_up_validation_refuses_a_reachable_address_without_a_key()
    {
        // What the host runs before Kestrel listens, for hosts that configure addresses after Program's own check.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("urls", "http://0.0.0.0:5193")]).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        services.AddTeloMeshAccess(configuration);
        using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("will not listen on http://0.0.0.0:5193 without an access key", error.Message, StringComparison.Ordinal);
    }
}
