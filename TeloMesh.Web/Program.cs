using TeloMesh.Web.Services;
using TeloMesh.Web.Services.Access;

// Settings and static files come from the build output, so the app runs from any working folder; relative data and
// outputs folders are resolved against the working folder, as the command line does.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
// A dashboard other machines could reach without an access key never starts: one clear line instead of a stack trace.
// (Start-up options validation checks the same again for hosts that configure the app later, such as tests.)
if (AccessOptionsValidation.Problem(builder.Configuration) is { } problem)
{
    Console.Error.WriteLine($"error: {problem}");
    return 1;
}
builder.AddTeloMesh();
var app = builder.Build();
app.UseTeloMesh();
app.Run();
return 0;

/// <summary>The entry point, public so tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
