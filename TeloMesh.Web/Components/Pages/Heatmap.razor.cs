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

    private HeatmapViewModel? _model;
    private BlazorDiagram? _diagram;

    private void OnLoaded(DatasetAnalysis analysis)
    {
        _model = new HeatmapViewModel(analysis.Result.Friction, analysis.Heatmap);
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
            if (model is HeatmapNodeModel node && _model is not null) InvokeAsync(() => { _model.Hovered = node.Data; StateHasChanged(); });
        };
        diagram.PointerLeave += (model, _) =>
        {
            if (model is HeatmapNodeModel && _model is not null) InvokeAsync(() => { _model.Hovered = null; StateHasChanged(); });
        };
        diagram.SelectionChanged += model =>
        {
            if (model is not HeatmapNodeModel || _model is null) return;
            var selected = diagram.Nodes.OfType<HeatmapNodeModel>().FirstOrDefault(n => n.Selected);
            _model.Selected = selected?.Data;
            HeatmapDiagramMapper.Highlight(diagram.Links, selected);
            foreach (var link in diagram.Links) link.Refresh();
            InvokeAsync(StateHasChanged);
        };
        diagram.ContainerChanged += () => InvokeAsync(Fit);
        return diagram;
    }

    /// <summary>Puts the view model's heatmap on the diagram.</summary>
    private void Draw()
    {
        if (_model is null || _diagram is null) return;
        var (nodes, links) = HeatmapDiagramMapper.Map(_model.Heatmap, _model.Movable);
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
        _model?.Show(view, _model.AllEdges);
        Draw();
    }

    private void ChangeAllEdges(bool allEdges)
    {
        _model?.Show(_model.View, allEdges);
        Draw();
    }

    private void ChangeMovable(bool movable)
    {
        if (_model is null || _diagram is null) return;
        _model.Movable = movable;
        foreach (var node in _diagram.Nodes) node.Locked = !movable;
    }
}
