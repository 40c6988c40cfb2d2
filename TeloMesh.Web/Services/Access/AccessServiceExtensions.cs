using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace TeloMesh.Web.Services.Access;

/// <summary>Sign-in, antiforgery and the protective headers, wired in one place.</summary>
public static class AccessServiceExtensions
{
    public const string CookieName = "TeloMesh.Session";

    /// <summary>How long a session lasts without use (each use extends it).</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(12);

    public static IServiceCollection AddTeloMeshAccess(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AccessOptions>().Bind(configuration.GetSection(TeloMeshOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AccessOptions>, AccessOptionsValidation>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<SignedOutSessions>();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<AccessOptions>>((forwarded, access) =>
        {
            // Only the configured proxies: the framework's default trusts loopback, which would let anything on this
            // machine claim any address.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            var (addresses, networks, _) = access.Value.Proxies(); // the invalid ones stop the start (AccessOptionsValidation)
            forwarded.ForwardedHeaders = addresses.Count + networks.Count == 0 ? ForwardedHeaders.None : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            addresses.ForEach(forwarded.KnownProxies.Add);
            networks.ForEach(forwarded.KnownIPNetworks.Add);
        });
        services.AddAntiforgery(o =>
        {
            o.SuppressXFrameOptionsHeader = true; // SecurityHeaders sends DENY on every response
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = SessionLifetime;
            o.SlidingExpiration = true;
            o.LoginPath = AccessEndpoints.SignInPage;
            o.ReturnUrlParameter = "returnUrl";
            o.Events.OnRedirectToLogin = context => Challenge(context);
            o.Events.OnValidatePrincipal = async context =>
            {
                var access = context.HttpContext.RequestServices.GetRequiredService<IOptions<AccessOptions>>().Value;
                var signedOut = context.HttpContext.RequestServices.GetRequiredService<SignedOutSessions>();
                // A session of the current key that was not signed out (a session without an id predates sign-out
                // on the server and is ended too).
                if (context.Principal?.FindFirst(AccessEndpoints.FingerprintClaim)?.Value == access.KeyFingerprint()
                    && context.Principal.FindFirst(AccessEndpoints.SessionClaim)?.Value is { } session && !signedOut.IsSignedOut(session))
                    return;
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            };
        });
        services.AddAuthorization();
        // Everything needs a signed-in user once a key is set; the sign-in page and static files opt out.
        services.AddOptions<AuthorizationOptions>().Configure<IOptions<AccessOptions>>((authorization, access) =>
        {
            if (access.Value.SignInRequired)
                authorization.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        });
        return services;
    }

    /// <summary>
    /// Pages send the browser to the sign-in page; the API and Blazor's hub answer 401 with a short JSON body (a body,
    /// so the status-code page does not turn it into a redirect either).
    /// </summary>
    private static Task Challenge(RedirectContext<CookieAuthenticationOptions> context)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/api") || path.StartsWithSegments("/_blazor") || !HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return context.Response.WriteAsJsonAsync(new { error = "Sign in first: this TeloMesh dashboard needs its access key." });
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
