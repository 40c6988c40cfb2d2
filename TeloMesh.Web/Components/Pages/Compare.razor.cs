using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using MudBlazor;
using TeloMesh.Core.Events;
using TeloMesh.Core.Heatmap;
using TeloMesh.Core.Journeys;
using TeloMesh.Web.Components.Controls;
using TeloMesh.Web.Model;
using TeloMesh.Web.Services;

namespace TeloMesh.Web.Components.Pages;

/// <summary>
/// The Compare page. The URL is the one source of the choice: loading it (or going back to it) runs the comparison it
/// names, pressing Compare puts the form's choice in the URL, and the filter of the rows rides along without running
/// anything again.
/// </summary>
public partial class Compare
{
    // Cancelled when the page goes away: a comparison nobody waits for stops.
    private readonly CancellationTokenSource _closed = new();
    // The whole dataset's analysis: a comparison slices every session, whatever view filter the other pages have.
    private DatasetAnalysis? _analysis;
    private Slice _view = Slice.All;
    private IReadOnlyList<string> _others = [];
    private ComparisonSelection _selection = new();
    private IReadOnlyList<string> _problems = [];
    private ComparisonViewModel? _model;
    private ComparisonGraph? _graph;
    private JourneyDiagram? _diagram;
    private HeatmapNode? _hovered, _selected;
    private string? _error;
    private bool _running;

    /// <summary>The analysis and the selection's query on screen (or being compared), so a change of filter alone runs nothing.</summary>
    private (DatasetAnalysis Analysis, string Query)? _shown;

    /// <summary>Counts the comparisons started: one that finishes after a newer one started is not shown.</summary>
    private int _runs;

    [Inject] public required AnalysisStore Store { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    [Parameter] public required string Name { get; set; }

    private DateTime LastEventUtc => new(_analysis!.Result.Aggregates.LastEventTicks, DateTimeKind.Utc);

    private string GraphCount => _graph is null ? ""
        : string.Create(CultureInfo.InvariantCulture, $"{_graph.Changes.Count:N0} significant transition changes drawn") +
          (_graph.NotDrawn > 0 ? string.Create(CultureInfo.InvariantCulture, $"; {_graph.NotDrawn:N0} not drawn (a page followed by itself, or a page this dataset does not have)") : "");

    protected override void OnInitialized() => Navigation.LocationChanged += OnLocationChanged;

    /// <summary>
    /// A new analysis (the first, or a re-analysis with other goals) compares the URL's choice again with it. With a view
    /// filter in the URL the loader hands over the view; the comparison and its graph take the whole dataset.
    /// </summary>
    private async Task OnLoadedAsync(DatasetAnalysis analysis)
    {
        _view = analysis.View;
        _analysis = _view.IsAll ? analysis : await Store.GetAsync(Name, cancellationToken: _closed.Token);
        _others = [.. Store.Datasets().Select(d => d.Name).Where(n => n != Name)];
        await ShowUrlAsync();
    }

    private void OnLocationChanged(object? sender, LocationChangedEventArgs e) => _ = InvokeAsync(ShowUrlAsync);

    /// <summary>Whether the browser is on this page of this dataset (not leaving for another page or dataset).</summary>
    private bool OnThisPage()
    {
        var path = Navigation.ToBaseRelativePath(Navigation.Uri).Split('?', '#')[0];
        return Uri.UnescapeDataString(path) == Uri.UnescapeDataString(DatasetRoutes.Compare(Name));
    }

    /// <summary>Reads the choice and the filter from the URL, and compares unless that choice is already on screen.</summary>
    private async Task ShowUrlAsync()
    {
        if (_analysis is not { } analysis || analysis.Name != Name || !OnThisPage()) return;
        var query = QueryText.Parse(new Uri(Navigation.Uri));
        var selection = ComparisonSelection.FromQuery(query, out var unreadable);
        var filter = ChangeFilter.FromQuery(query);
        var key = QueryText.Build([.. selection.QueryPairs()]);
        if (_shown is { } shown && ReferenceEquals(shown.Analysis, analysis) && shown.Query == key)
        {
            if (_model is not null) _model.Filter = filter;
            StateHasChanged();
            return;
        }
        _shown = (analysis, key);
        _selection = selection;
        _problems = [.. unreadable, .. selection.IsEmpty ? [] : selection.Problems()];
        (_model, _graph, _error, _hovered, _selected) = (null, null, null, null, null);
        var run = ++_runs;
        _running = _problems.Count == 0 && !selection.IsEmpty;
        StateHasChanged();
        if (!_running) return;
        try
        {
            var result = await selection.RunAsync(Store, Name, _closed.Token);
            if (run != _runs) return;
            _model = new ComparisonViewModel(result, analysis.Result.Aggregates.Key.Goals) { Filter = filter };
            _graph = ComparisonGraph.Build(result, analysis.Result.Friction, analysis.Heatmap(HeatmapView.All), analysis.Heatmap(HeatmapView.All, allEdges: true));
        }
        catch (OperationCanceledException) when (_closed.IsCancellationRequested)
        {
            return; // the page is gone
        }
        catch (InvalidInputException e)
        {
            // An empty slice, a segment column or value the events do not have, a dataset that is not there: said as Core says it.
            if (run == _runs) _error = e.Message;
        }
        catch (Exception e)
        {
            // A warehouse that cannot be reached, say: the page says so instead of taking the session down.
            if (run == _runs) _error = $"The comparison failed: {e.Message}";
        }
        if (run != _runs) return;
        _running = false;
        StateHasChanged();
    }

    /// <summary>Puts the form's choice in the URL, which runs it; pressed again on the same choice, compares again (after an error, say).</summary>
    private async Task GoAsync(ComparisonSelection selection)
    {
        var target = DatasetRoutes.Compare(Name, selection, _model?.Filter ?? new ChangeFilter(), _view);
        _shown = null;
        if (Navigation.ToBaseRelativePath(Navigation.Uri) == target) await ShowUrlAsync();
        else Navigation.NavigateTo(target);
    }

    /// <summary>Filters the rows at once and records the filter in the URL (replacing the entry: a filter is no new page).</summary>
    private void Filter(ChangeFilter filter)
    {
        if (_model is null) return;
        _model.Filter = filter;
        Navigation.NavigateTo(DatasetRoutes.Compare(Name, _selection, filter, _view), replace: true);
    }

    private Task<IReadOnlyList<SegmentColumn>> LoadSegments() => Store.SegmentsAsync(Name, _closed.Token);

    private static Color MarkColour(string mark) => mark switch
    {
        "worse" => Color.Error,
        "new" => Color.Info,
        _ => Color.Warning,
    };

    public void Dispose()
    {
        Navigation.LocationChanged -= OnLocationChanged;
        _closed.Cancel();
        _closed.Dispose();
    }
}
