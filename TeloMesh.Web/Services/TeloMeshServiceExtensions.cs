using MudBlazor.Services;
using TeloMesh.Web.Components;

namespace TeloMesh.Web.Services;

/// <summary>All of the dashboard's wiring, so Program.cs stays a few lines.</summary>
public static class TeloMeshServiceExtensions
{
    public static WebApplicationBuilder AddTeloMesh(this WebApplicationBuilder builder)
    {
        // Serve MudBlazor's files from the package when run with `dotnet run` in any environment, not only Development.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddOptions<TeloMeshOptions>()
            .Bind(builder.Configuration.GetSection(TeloMeshOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<AnalysisStore>();
        builder.Services.AddHostedService<DemoDatasetInitializer>();
        builder.Services.AddMudServices();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        return builder;
    }

    public static WebApplication UseTeloMesh(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapDatasetEndpoints();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
