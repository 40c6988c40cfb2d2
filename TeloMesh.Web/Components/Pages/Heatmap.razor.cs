using System.Globalization;
using Blazor.Diagrams;
using Blazor.Diagrams.Options;
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

    private DatasetAnalysis? _analysis;
    private BlazorDiagram? _diagram;
    private FlowHeatmap? _heatmap;
    private HeatmapView _view = HeatmapView.All;
    private bool _movable;
    private bool _allEdges;
    private HeatmapNode? _hovered;
    private HeatmapNode? _selected;

    private string ExportUrl => DatasetRoutes.HeatmapHtml(Name, _view, _allEdges);

    private void OnLoaded(DatasetAnalysis analysis)
    {
        _analysis = analysis;
        _diagram = CreateDiagram();
        Draw();
    }

    private BlazorDiagram CreateDiagram()
    {
        var options = new BlazorDiagramOptions { AllowMultiSelection = false };
        options.Zoom.Minimum = 0.1;
        options.Links.DefaultColor = HeatmapDiagramMapper.EdgeColour;
        options.Links.Factory = (_, _, _) => null; // pages are linked by journeys, not by hand
        options.Constraints.ShouldDeleteNode = _ => ValueTask.FromResult(false);
        options.Constraints.ShouldDeleteLink = _ => ValueTask.FromResult(false);
        var diagram = new BlazorDiagram(options);
        diagram.RegisterComponent<HeatmapNodeModel, HeatmapNodeWidget>();
        diagram.PointerEnter += (model, _) =>
        {
            if (model is HeatmapNodeModel node) InvokeAsync(() => { _hovered = node.Data; StateHasChanged(); });
        };
        diagram.PointerLeave += (model, _) =>
        {
            if (model is HeatmapNodeModel) InvokeAsync(() => { _hovered = null; StateHasChanged(); });
        };
        diagram.SelectionChanged += model =>
        {
            if (model is not HeatmapNodeModel node) return;
            var selected = diagram.Nodes.OfType<HeatmapNodeModel>().FirstOrDefault(n => n.Selected);
            _selected = selected?.Data;
            HeatmapDiagramMapper.Highlight(diagram.Links, selected);
            foreach (var link in diagram.Links) link.Refresh();
            InvokeAsync(StateHasChanged);
        };
        diagram.ContainerChanged += () => InvokeAsync(Fit);
        return diagram;
    }

    private void Draw()
    {
        if (_analysis is null || _diagram is null) return;
        _heatmap = _analysis.Heatmap(_view, _allEdges);
        var (nodes, links) = HeatmapDiagramMapper.Map(_heatmap, _movable);
        _selected = null;
        _hovered = null;
        _diagram.Batch(() =>
        {
            _diagram.Links.Clear();
            _diagram.Nodes.Clear();
            _diagram.Nodes.Add(nodes);
            _diagram.Links.Add(links);
        });
        Fit();
    }

    /// <summary>Zooms so every page shows; waits for the canvas to have a size (ZoomToFit throws on an empty one).</summary>
    private void Fit()
    {
        if (_diagram?.Container is not { Width: > 0, Height: > 0 } || _diagram.Nodes.Count == 0) return;
        _diagram.ZoomToFit(30);
        StateHasChanged();
    }

    private void ChangeView(HeatmapView view)
    {
        _view = view;
        Draw();
    }

    private void ChangeAllEdges(bool allEdges)
    {
        _allEdges = allEdges;
        Draw();
    }

    private void ChangeMovable(bool movable)
    {
        _movable = movable;
        if (_diagram is null) return;
        foreach (var node in _diagram.Nodes) node.Locked = !movable;
    }
}
