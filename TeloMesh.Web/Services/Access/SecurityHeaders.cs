using System.Security.Cryptography;

namespace TeloMesh.Web.Services.Access;

/// <summary>
/// The content security policy and the usual protective headers, on every response (set when the response starts,
/// so error pages and re-executed status pages carry them too). Scripts run only from the app's own files, plus the
/// one inline script Blazor renders (its import map), which carries this request's nonce.
/// </summary>
public static class SecurityHeaders
{
    private const string NonceKey = "telomesh-csp-nonce";

    /// <summary>
    /// Blazor Server needs script from self (blazor.web.js, MudBlazor, Blazor.Diagrams, telomesh.js) and its WebSocket
    /// to self ('self' covers ws: and wss: to the same host in CSP 3); MudBlazor sets inline style attributes (positions
    /// of popovers, colours, the diagram's transforms), hence style-src 'unsafe-inline'. No inline script, no eval.
    /// </summary>
    public static string Policy(string nonce) =>
        "default-src 'self'; " +
        $"script-src 'self' 'nonce-{nonce}'; " +
        "style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data:; " +
        "font-src 'self' data:; " +
        "connect-src 'self'; " +
        "object-src 'none'; " +
        "base-uri 'self'; " +
        "form-action 'self'; " +
        "frame-ancestors 'none'";

    /// <summary>This request's script nonce, for the inline import map.</summary>
    public static string? Nonce(HttpContext? context) => context?.Items[NonceKey] as string;

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        // Hex rather than base64: nothing for HTML attribute encoding to change.
        var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        context.Items[NonceKey] = nonce;
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = Policy(nonce);
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        return next(context);
    });
}
