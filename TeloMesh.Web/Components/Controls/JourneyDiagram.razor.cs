using Blazor.Diagrams;
using Blazor.Diagrams.Options;
using Microsoft.AspNetCore.Components;
using TeloMesh.Core.Heatmap;
using TeloMesh.Web.Model;

namespace TeloMesh.Web.Components.Controls;

public partial class JourneyDiagram
{
    private BlazorDiagram _diagram = null!;
    private FlowHeatmap? _drawn;
    private bool _movable;

    /// <summary>What to draw; a new heatmap (another view, a re-analysis) is drawn afresh.</summary>
    [Parameter, EditorRequired] public required FlowHeatmap Heatmap { get; set; }

    /// <summary>Whether pages can be dragged.</summary>
    [Parameter] public bool Movable { get; set; }

    /// <summary>Each edge's colour and thickness; by default the heatmap's grey, thicker with more transitions.</summary>
    [Parameter] public Func<HeatmapEdge, (string Colour, double Width)>? EdgeStyle { get; set; }

    /// <summary>Whether clicking a page colours its journeys and dims the rest (the heatmap's habit).</summary>
    [Parameter] public bool HighlightSelected { get; set; } = true;

    [Parameter] public EventCallback<HeatmapNode?> Hovered { get; set; }
    [Parameter] public EventCallback<HeatmapNode?> Selected { get; set; }

    /// <summary>The transition under the pointer (its arrow), or null when it leaves.</summary>
    [Parameter] public EventCallback<HeatmapEdge?> EdgeHovered { get; set; }
    [Parameter] public string TestId { get; set; } = "heatmap";

    protected override void OnInitialized()
    {
        var options = new BlazorDiagramOptions { AllowMultiSelection = false };
        options.Zoom.Minimum = 0.1;
        options.Links.DefaultColor = HeatmapDiagramMapper.EdgeColour;
        options.Links.Factory = (_, _, _) => null; // pages are linked by journeys, not by hand
        options.Constraints.ShouldDeleteNode = _ => ValueTask.FromResult(false);
        options.Constraints.ShouldDeleteLink = _ => ValueTask.FromResult(false);
        _diagram = new BlazorDiagram(options);
        _diagram.RegisterComponent<HeatmapNodeModel, HeatmapNodeWidget>();
        _diagram.RegisterComponent<ColumnHeadingModel, ColumnHeadingWidget>();
        _diagram.PointerEnter += (model, _) =>
        {
            if (model is HeatmapNodeModel node) InvokeAsync(() => Hovered.InvokeAsync(node.Data));
            else if (model is HeatmapLinkModel link) InvokeAsync(() => EdgeHovered.InvokeAsync(link.Edge));
        };
        _diagram.PointerLeave += (model, _) =>
        {
            if (model is HeatmapNodeModel) InvokeAsync(() => Hovered.InvokeAsync(null));
            else if (model is HeatmapLinkModel) InvokeAsync(() => EdgeHovered.InvokeAsync(null));
        };
        _diagram.SelectionChanged += model =>
        {
            if (model is not HeatmapNodeModel) return;
            var selected = _diagram.Nodes.OfType<HeatmapNodeModel>().FirstOrDefault(n => n.Selected);
            if (HighlightSelected)
            {
                HeatmapDiagramMapper.Highlight(_diagram.Links, selected);
                foreach (var link in _diagram.Links) link.Refresh();
            }
            InvokeAsync(() => Selected.InvokeAsync(selected?.Data));
        };
        // The canvas moves or resizes when the window scrolls or resizes: fit again, unless a page is selected, which
        // Blazor.Diagrams' fit would zoom in on (the Fit button does that on purpose).
        _diagram.ContainerChanged += () => InvokeAsync(() =>
        {
            if (!_diagram.Nodes.Any(n => n.Selected)) Fit();
        });
    }

    protected override void OnParametersSet()
    {
        if (!ReferenceEquals(_drawn, Heatmap)) Draw();
        else if (_movable != Movable)
            foreach (var node in _diagram.Nodes.OfType<HeatmapNodeModel>()) node.Locked = !Movable;
        _movable = Movable;
    }

    /// <summary>Puts <see cref="Heatmap"/> on the diagram, replacing what was there.</summary>
    private void Draw()
    {
        _drawn = Heatmap;
        var (nodes, links) = HeatmapDiagramMapper.Map(Heatmap, Movable, EdgeStyle);
        _diagram.Batch(() =>
        {
            _diagram.Links.Clear();
            _diagram.Nodes.Clear();
            _diagram.Nodes.Add(nodes);
            _diagram.Nodes.Add(HeatmapDiagramMapper.Headings(Heatmap));
            _diagram.Links.Add(links);
        });
        Fit();
    }

    /// <summary>
    /// Zooms so every page shows, or the selected page when there is one; waits for the canvas to have a size (ZoomToFit
    /// throws on an empty one).
    /// </summary>
    public void Fit()
    {
        if (_diagram.Container is not { Width: > 0, Height: > 0 } || _diagram.Nodes.Count == 0) return;
        _diagram.ZoomToFit(30);
        StateHasChanged();
    }
}
