using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace TeloMesh.Web.Services.Access;

/// <summary>
/// Sign-in and sign-out (plain form posts, so a script can sign in with curl too) and the antiforgery token for
/// callers of the upload endpoint that are not the dashboard's own page.
/// </summary>
public static class AccessEndpoints
{
    public const string SignInPage = "/signin";
    public const string FingerprintClaim = "telomesh:key";

    /// <summary>The claim that names a session, so that signing out can end it on the server (<see cref="SignedOutSessions"/>).</summary>
    public const string SessionClaim = "telomesh:session";

    private static readonly IResult CrossSite =
        Results.Text("A form on another site cannot sign in or out of this dashboard.", statusCode: StatusCodes.Status403Forbidden);

    public static void MapAccessEndpoints(this WebApplication app)
    {
        // No antiforgery token on sign-in: with one shared key there is no account an attacker could log a victim into,
        // and a script can sign in with one request. A cross-site post is still refused by its Origin header.
        app.MapPost("/account/signin", SignIn).AllowAnonymous().DisableAntiforgery();
        app.MapPost("/account/signout", (Delegate)SignOut).AllowAnonymous().DisableAntiforgery();
        app.MapGet("/api/antiforgery", Token);
    }

    private static async Task<IResult> SignIn(HttpContext context, IOptions<AccessOptions> options, SignInThrottle throttle)
    {
        if (!SameOrigin(context)) return CrossSite;
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var returnUrl = LocalUrl(form["returnUrl"]);
        var access = options.Value;
        if (!access.SignInRequired) return Results.LocalRedirect(returnUrl);
        var client = context.Connection.RemoteIpAddress;
        var wait = throttle.RetryAfter(client);
        if (wait > TimeSpan.Zero)
            return Back(returnUrl, $"wait={Math.Ceiling(wait.TotalSeconds):0}");
        if (!access.Matches(form["key"]))
        {
            throttle.Failed(client);
            return Back(returnUrl, "failed=1");
        }
        throttle.Succeeded(client);
        var session = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "team"), new Claim(FingerprintClaim, access.KeyFingerprint()),
            new Claim(SessionClaim, session)], CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity),
            new AuthenticationProperties { IsPersistent = true });
        return Results.LocalRedirect(returnUrl);
    }

    private static async Task<IResult> SignOut(HttpContext context, SignedOutSessions signedOut)
    {
        if (!SameOrigin(context)) return CrossSite;
        // A copy of the cookie must not outlive the sign-out: the session is ended on the server until it would expire.
        var current = await context.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        if (current.Principal?.FindFirst(SessionClaim)?.Value is { } session)
            signedOut.SignOut(session, current.Properties?.ExpiresUtc ?? DateTimeOffset.UtcNow.Add(AccessServiceExtensions.SessionLifetime));
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Results.LocalRedirect(SignInPage);
    }

    /// <summary>The header name and a token for <c>POST /api/datasets/{name}/source</c>; the cookie comes with it.</summary>
    private static IResult Token(HttpContext context, IAntiforgery antiforgery, IOptions<AntiforgeryOptions> options)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return Results.Json(new { header = options.Value.HeaderName, token = tokens.RequestToken });
    }

    private static IResult Back(string returnUrl, string problem) =>
        Results.LocalRedirect($"{SignInPage}?{problem}&returnUrl={Uri.EscapeDataString(returnUrl)}");

    /// <summary>
    /// Only a path on this site: an absolute or protocol-relative URL would make sign-in an open redirect, and a tab or
    /// line break in it is no path (a redirect to it would fail), so both give the home page.
    /// </summary>
    public static string LocalUrl(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Any(char.IsControl) ? url : "/";

    /// <summary>
    /// A form on another site must not sign anybody in or out (nor use up this address's attempts). Browsers say where
    /// a request comes from in Sec-Fetch-Site; the Origin header is the fallback (it is "null" under no-referrer, so
    /// it is only trusted when it names a site). A request with neither is not from a browser (curl, scripts).
    /// </summary>
    private static bool SameOrigin(HttpContext context)
    {
        var site = context.Request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0) return site is "same-origin" or "none";
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length == 0 || origin == "null") return true;
        return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.Authority, context.Request.Host.Value, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.Scheme, context.Request.Scheme, StringComparison.OrdinalIgnoreCase);
    }
}
