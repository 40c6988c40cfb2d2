using TeloMesh.Core.Events;

namespace TeloMesh.Tests.Core.Events;

/// <summary>The one column mapping: role=COLUMN pairs read onto a source's own defaults.</summary>
public sealed class ColumnMappingTests
{
    [Fact]
    public void Pairs_change_only_the_roles_they_name_and_keep_each_sources_defaults()
    {
        Assert.True(ColumnMapping.TryParse(" Time = ts , user=distinct_id", out var pairs, out var problem), problem);

        // A file keeps its default page, event and session names; a table keeps "no session column".
        Assert.Equal(new ColumnMapping { User = "distinct_id", Timestamp = "ts" }, ColumnMapping.Default.With(pairs));
        Assert.Equal(new ColumnMapping { User = "distinct_id", Timestamp = "ts", Session = null }, ColumnMapping.Table.With(pairs));
    }

    [Fact]
    public void Every_role_has_its_own_name()
    {
        Assert.True(ColumnMapping.TryParse("session=s,event=e,page=p,time=t,user=u", out var pairs, out _));
        var mapping = ColumnMapping.Table.With(pairs);
        Assert.Equal(("u", "t", "p", "e", "s"), (mapping.User, mapping.Timestamp, mapping.Page, mapping.Event, mapping.Session));
    }

    [Theory]
    [InlineData("user=a,User=b", "user is given twice")]
    [InlineData("who=a", "'who' is not a role")]
    [InlineData("user", "'user' is not role=COLUMN")]
    [InlineData("user= ", "'user=' is not role=COLUMN")]
    [InlineData("", "'' is not role=COLUMN")]
    public void A_bad_pair_is_named(string text, string expected)
    {
        Assert.False(ColumnMapping.TryParse(text, out _, out var problem));
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_session_column_the_header_is_read_without_one()
    {
        string[] header = ["user_id", "timestamp", "page", "event", "session_id"];
        Assert.Equal(4, ColumnPositions.Find(header, ColumnMapping.Default).Session);
        Assert.Equal(-1, ColumnPositions.Find(header, ColumnMapping.Table).Session);
    }
}
