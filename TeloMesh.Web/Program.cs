using TeloMesh.Web.Services;

var builder = WebApplication.CreateBuilder(args);
builder.AddTeloMesh();
var app = builder.Build();
app.UseTeloMesh();
app.Run();

/// <summary>The entry point, public so tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
