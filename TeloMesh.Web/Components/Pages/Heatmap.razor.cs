using System.Globalization;
using Microsoft.AspNetCore.Components;
using TeloMesh.Core.Heatmap;
using TeloMesh.Web.Components.Controls;
using TeloMesh.Web.Model;
using TeloMesh.Web.Services;

namespace TeloMesh.Web.Components.Pages;

public partial class Heatmap
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    [Parameter] public required string Name { get; set; }

    private HeatmapViewModel? _model;
    private JourneyDiagram? _diagram;

    private void OnLoaded(DatasetAnalysis analysis) => _model =
        new HeatmapViewModel(analysis.Result.Friction, (view, allEdges, pinned, layout) => analysis.Heatmap(view, allEdges, pinned, layout), new TransitionRows(analysis.Result).All);

    private void ChangeView(HeatmapView view) => _model?.Show(view, _model.AllEdges);

    private void ChangeLayout(LayoutKind layout) => _model?.ChangeLayout(layout);

    private void ChangeAllEdges(bool allEdges) => _model?.Show(_model.View, allEdges);

    private void ChangeMovable(bool movable)
    {
        if (_model is not null) _model.Movable = movable;
    }
}
