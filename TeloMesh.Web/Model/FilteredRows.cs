namespace TeloMesh.Web.Model;

/// <summary>
/// A page's filter and the rows it keeps, computed once per filter change rather than on every render (a report can
/// hold 50,000 rows, and a page renders on every hover).
/// </summary>
public sealed class FilteredRows<TFilter, TRow>(TFilter filter, Func<TFilter, IEnumerable<TRow>> apply)
{
    private IReadOnlyList<TRow>? _rows;

    public TFilter Filter
    {
        get;
        set
        {
            field = value;
            _rows = null;
        }
    } = filter;

    public IReadOnlyList<TRow> Rows => _rows ??= [.. apply(Filter)];
}
