using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace TeloMesh.Tests.Web;

/// <summary>
/// Behind a reverse proxy (<c>TeloMesh:TrustedProxies</c>): the proxy's X-Forwarded-For and X-Forwarded-Proto are
/// believed from it alone, so the cookie is Secure when the user's connection is HTTPS and the sign-in throttle counts
/// each user's own address. Requests come from 127.0.0.1, as from a proxy on the same machine.
/// </summary>
public sealed class ForwardedHeadersTests : IDisposable
{
    private readonly TestFiles.TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private WebApplicationFactory<Program> Factory(string? trustedProxy) =>
        AccessTests.Factory(_folder, AccessTests.Key).WithWebHostBuilder(web =>
        {
            if (trustedProxy is not null) web.UseSetting("TeloMesh:TrustedProxies:0", trustedProxy);
            web.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new FromLoopback()));
        });

    private static async Task<HttpResponseMessage> SignIn(WebApplicationFactory<Program> factory, string key, string forwardedFor, string proto = "http")
    {
        using var http = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Post, "account/signin") { Content = new FormUrlEncodedContent([new("key", key)]) };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        request.Headers.Add("X-Forwarded-Proto", proto);
        return await http.SendAsync(request);
    }

    private static string? SessionCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies.SingleOrDefault(c => c.StartsWith("TeloMesh.Session=", StringComparison.Ordinal)) : null;

    [Fact]
    public async Task Behind_a_trusted_proxy_an_https_user_gets_a_secure_cookie()
    {
        await using var factory = Factory("127.0.0.1");
        var cookie = SessionCookie(await SignIn(factory, AccessTests.Key, "203.0.113.1", "https"));
        Assert.NotNull(cookie);
        Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Without_trusted_proxies_the_forwarded_headers_are_ignored()
    {
        await using var factory = Factory(null);
        var cookie = SessionCookie(await SignIn(factory, AccessTests.Key, "203.0.113.1", "https"));
        Assert.NotNull(cookie);
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_one_guesser_does_not_lock_out_the_team()
    {
        await using var factory = Factory("127.0.0.0/8");
        for (var i = 0; i < 5; i++) await SignIn(factory, "guess-" + i, "203.0.113.1");

        Assert.Null(SessionCookie(await SignIn(factory, AccessTests.Key, "203.0.113.1"))); // the guesser waits
        Assert.NotNull(SessionCookie(await SignIn(factory, AccessTests.Key, "203.0.113.2"))); // a colleague does not
    }

    [Fact]
    public async Task Without_trusted_proxies_everybody_behind_the_proxy_is_one_address()
    {
        await using var factory = Factory(null);
        for (var i = 0; i < 5; i++) await SignIn(factory, "guess-" + i, "203.0.113.1");

        Assert.Null(SessionCookie(await SignIn(factory, AccessTests.Key, "203.0.113.2"))); // X-Forwarded-For is not believed
    }

    /// <summary>The in-memory test server has no remote address; a proxy on this machine would be 127.0.0.1.</summary>
    private sealed class FromLoopback : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext context, RequestDelegate following) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Loopback;
                return following(context);
            });
            next(app);
        };
    }
}
