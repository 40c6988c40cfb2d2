using System.Globalization;
using Microsoft.AspNetCore.Components;
using TeloMesh.Core.ClickHouse;
using TeloMesh.Core.Datasets;
using TeloMesh.Core.Events;
using TeloMesh.Core.Pipeline;
using TeloMesh.Core.Stages;
using TeloMesh.Web.Model;
using TeloMesh.Web.Services;

namespace TeloMesh.Web.Components.Pages;

/// <summary>
/// Adds a ClickHouse dataset: the connection, the table and the column mapping, a "test connection" that checks all
/// of it and counts the events, and "Analyse", which stores the description (no credentials) and opens the result.
/// </summary>
public sealed partial class ClickHouseSource : IDisposable
{
    [Inject] public required AnalysisStore Store { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    /// <summary>What the form holds.</summary>
    public sealed class FormModel
    {
        public string Name { get; set; } = "";
        public string Url { get; set; } = "http://127.0.0.1:8123";
        public string Database { get; set; } = "default";
        public string Table { get; set; } = "events";
        public ColumnMapping Columns { get; set; } = ColumnMapping.Table;

        /// <summary>Shard HTTP addresses separated by commas, spaces or new lines; empty: aggregate on <see cref="Url"/>.</summary>
        public string Shards { get; set; } = "";

        public ClickHouseDataset ToDataset() => new()
        {
            Url = Url.Trim(),
            Database = Database.Trim(),
            Table = Table.Trim(),
            Columns = Columns with
            {
                User = Columns.User.Trim(),
                Timestamp = Columns.Timestamp.Trim(),
                Page = Columns.Page.Trim(),
                Event = Columns.Event.Trim(),
                Session = string.IsNullOrWhiteSpace(Columns.Session) ? null : Columns.Session.Trim(),
            },
            Shards = Shards.Split([',', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries),
        };
    }

    public FormModel Form { get; } = new();

    /// <summary>The form starts at the configured server, the one the server's credentials may go to.</summary>
    protected override void OnInitialized() => Form.Url = Store.Options.ClickHouseUrl;

    private string? _error, _tested, _status;
    private bool _busy;

    /// <summary>The running test or analysis: cancelled by the Cancel button or when the page is left.</summary>
    private CancellationTokenSource? _work;

    private async Task TestAsync()
    {
        await RunAsync("Testing the connection…", async token =>
        {
            var dataset = Form.ToDataset();
            var count = await Store.TestClickHouseAsync(dataset, token);
            _tested = string.Create(CultureInfo.InvariantCulture,
                $"Connected: {dataset.Database}.{dataset.Table} at {dataset.Url} has every mapped column and {count:N0} events to analyse.");
        });
    }

    private async Task AnalyseAsync()
    {
        var name = Form.Name.Trim();
        await RunAsync("Aggregating in ClickHouse…", async token =>
        {
            if (DatasetPaths.ValidationError(name) is { } invalid) throw new InvalidInputException(invalid);
            // Each stage's message (aggregating, building the graph, finding fragile flows, writing) as it starts.
            var progress = new SyncProgress<PipelineProgress>(p =>
            {
                _status = p.Message;
                _ = InvokeAsync(StateHasChanged);
            });
            try
            {
                await Store.AddClickHouseAsync(name, Form.ToDataset(), AnalysisOptions.Default, progress, token);
            }
            catch (OperationCanceledException)
            {
                throw new InvalidInputException("Analysis cancelled; the queries it had started in ClickHouse were told to stop. " +
                    $"If dataset '{name}' was created, it is listed on the datasets page, where it can be analysed again.");
            }
            Navigation.NavigateTo(DatasetRoutes.Friction(name));
        });
    }

    private async Task RunAsync(string status, Func<CancellationToken, Task> work)
    {
        _busy = true;
        _error = null;
        _tested = null;
        _status = status;
        using var cancel = new CancellationTokenSource();
        _work = cancel;
        try
        {
            await work(cancel.Token);
        }
        catch (InvalidInputException e)
        {
            _error = e.Message;
        }
        catch (OperationCanceledException)
        {
            _error = "Cancelled.";
        }
        finally
        {
            _work = null;
            _busy = false;
        }
    }

    /// <summary>Leaving the page stops its work, in ClickHouse too.</summary>
    public void Dispose() => _work?.Cancel();
}
