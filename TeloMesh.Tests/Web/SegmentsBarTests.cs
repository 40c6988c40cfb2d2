using Bunit;
using TeloMesh.Web.Components.Pages;

namespace TeloMesh.Tests.Web;

/// <summary>The segment columns on every dataset page, counted by each session's first step.</summary>
public sealed class SegmentsBarTests : IAsyncLifetime
{
    private readonly WebTestContext _context = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public void Each_segment_column_lists_its_values_by_sessions()
    {
        // Sessions (one per user): u starts on web, v and w on ios, x without a platform.
        _context.AddDataset("seg", "user_id,timestamp,page,event,platform\n" +
            "u,2025-01-01T00:00:00Z,/a,view,web\nu,2025-01-01T00:01:00Z,/b,view,ios\nv,2025-01-01T00:00:00Z,/a,view,ios\n" +
            "w,2025-01-01T00:00:00Z,/b,view,ios\nx,2025-01-01T00:00:00Z,/a,view,\n");
        var page = _context.Bunit.Render<Friction>(p => p.Add(x => x.Name, "seg"));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=segment-column]")), TimeSpan.FromSeconds(10));
        var line = System.Text.RegularExpressions.Regex.Replace(page.Find("[data-column=platform]").TextContent, @"\s+", " ").Trim();
        Assert.Equal("platform: ios 2 · web 1 · no value 1", line);
    }

    [Fact]
    public void A_dataset_without_segment_columns_shows_none()
    {
        var page = _context.Bunit.Render<Friction>(p => p.Add(x => x.Name, "tiny"));
        page.WaitForAssertion(() => Assert.Equal("8 of 8 rows", page.Find("[data-testid=row-count]").TextContent), TimeSpan.FromSeconds(10));
        Assert.Empty(page.FindAll("[data-testid=segments]"));
    }
}
