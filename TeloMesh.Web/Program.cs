using TeloMesh.Web.Services;

// Settings and static files come from the build output, so the app runs from any working folder; relative data and
// outputs folders are resolved against the working folder, as the command line does.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddTeloMesh();
var app = builder.Build();
app.UseTeloMesh();
app.Run();

/// <summary>The entry point, public so tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
