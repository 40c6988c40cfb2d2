using System.Net;
using Microsoft.Extensions.Options;

namespace TeloMesh.Web.Services.Access;

/// <summary>
/// Without an access key the dashboard is for this machine only. Start-up already refuses a configured non-loopback
/// address; this also refuses, per request, a connection that arrived on another interface anyway (an endpoint set
/// in code) and a Host header that is not a loopback name, which is how a DNS-rebinding page on some website would
/// reach a dashboard on 127.0.0.1. With a key, sign-in guards everything instead.
/// </summary>
public static class LoopbackGuard
{
    public static IApplicationBuilder UseLoopbackGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var access = context.RequestServices.GetRequiredService<IOptions<AccessOptions>>().Value;
        if (access.SignInRequired || IsLocal(context))
        {
            await next(context);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync("This TeloMesh dashboard has no access key, so it answers only on this machine " +
            "(http://127.0.0.1 or http://localhost). Set TeloMesh__AccessKey to share it with your team.");
    });

    private static bool IsLocal(HttpContext context)
    {
        // The in-memory test server has no socket: only its Host header can be checked.
        if (context.Connection.LocalIpAddress is { } local && !IsLoopback(local)) return false;
        var host = context.Request.Host.Host.Trim('[', ']');
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var ip) && IsLoopback(ip));
    }

    private static bool IsLoopback(IPAddress ip) => IPAddress.IsLoopback(ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip);
}
