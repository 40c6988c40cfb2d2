using MudBlazor.Services;
using TeloMesh.Web.Components;
using TeloMesh.Web.Services.Access;

namespace TeloMesh.Web.Services;

/// <summary>All of the dashboard's wiring, so Program.cs stays a few lines.</summary>
public static class TeloMeshServiceExtensions
{
    /// <summary>Where the dashboard listens unless told otherwise: this machine only.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5193";

    public static WebApplicationBuilder AddTeloMesh(this WebApplicationBuilder builder)
    {
        // The default lives here rather than in appsettings.json, where it would override ASPNETCORE_URLS.
        if (BindAddresses.FromConfiguration(builder.Configuration).Count == 0)
            builder.WebHost.UseUrls(DefaultUrl);
        // Serve MudBlazor's files from the package when run with `dotnet run` in any environment, not only Development.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddOptions<TeloMeshOptions>()
            .Bind(builder.Configuration.GetSection(TeloMeshOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddTeloMeshAccess(builder.Configuration);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<AnalysisStore>();
        builder.Services.AddHostedService<DemoDatasetInitializer>();
        builder.Services.AddMudServices();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        return builder;
    }

    public static WebApplication UseTeloMesh(this WebApplication app)
    {
        app.UseForwardedHeaders(); // first: everything after sees the user's address and scheme (TeloMesh:TrustedProxies)
        app.UseSecurityHeaders();
        app.UseLoopbackGuard();
        if (!app.Environment.IsDevelopment())
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        // The app's own scripts, styles and logo hold no data, and the sign-in page needs them.
        app.MapStaticAssets().AllowAnonymous();
        app.MapAccessEndpoints();
        app.MapDatasetEndpoints();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
