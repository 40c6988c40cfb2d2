using TeloMesh.Core.Journeys;

namespace TeloMesh.Web.Model;

/// <summary>
/// The view filter as the filter bar edits it: a segment column and value, and a window of session starts (days,
/// <c>yyyy-MM-dd</c>, UTC; the end day not included). <see cref="Query"/> gives the URL query that shows the view.
/// </summary>
public sealed class ViewFilterForm
{
    public string? Column { get; set; }
    public string? Value { get; set; }
    public string? From { get; set; }
    public string? To { get; set; }

    public static ViewFilterForm Of(Slice filter) => new()
    {
        Column = filter.Column,
        Value = filter.Value,
        From = filter.From is { } f ? ViewFilter.Day(f) : null,
        To = filter.To is { } t ? ViewFilter.Day(t) : null,
    };

    /// <summary>The query parameters of the view (null removes one), for <c>NavigationManager.GetUriWithQueryParameters</c>.</summary>
    public IReadOnlyDictionary<string, object?> Query()
    {
        var column = string.IsNullOrWhiteSpace(Column) ? null : Column.Trim();
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [ViewFilter.FromKey] = string.IsNullOrWhiteSpace(From) ? null : From.Trim(),
            [ViewFilter.ToKey] = string.IsNullOrWhiteSpace(To) ? null : To.Trim(),
            [ViewFilter.ColumnKey] = column,
            [ViewFilter.ValueKey] = column is null ? null : Value ?? "",
        };
    }

    /// <summary>Every session: the query with each filter parameter removed.</summary>
    public static IReadOnlyDictionary<string, object?> Cleared { get; } = new ViewFilterForm().Query();

    /// <summary>What is wrong with the form as a filter (a date that is not one, an empty period, a column without a value), or null.</summary>
    public string? Problem()
    {
        try
        {
            ViewFilter.FromQuery(Query().ToDictionary(p => p.Key, p => (string?)p.Value, StringComparer.Ordinal));
            return string.IsNullOrWhiteSpace(Column) || !string.IsNullOrEmpty(Value) ? null : $"Choose a value of '{Column}'.";
        }
        catch (TeloMesh.Core.Events.InvalidInputException e)
        {
            return e.Message;
        }
    }
}
