using MudBlazor;

namespace TeloMesh.Web.Components.Layout;

/// <summary>The dashboard's colours, shared by the main layout and the sign-in page.</summary>
public static class TeloMeshTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteDark = new PaletteDark { Primary = "#7c9cff", Secondary = "#ff5252", AppbarBackground = "#1b1d29" },
        PaletteLight = new PaletteLight { Primary = "#3455db", Secondary = "#d32f2f" },
    };
}
