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

    /// <summary>
    /// SPEC.md section 1 accepts page_url and event_name, and section 12's --columns maps "any subset; the rest default":
    /// a role left at its default keeps its alias when another role is mapped.
    /// </summary>
    [Fact]
    public void A_role_left_at_its_default_keeps_its_alias_when_others_are_mapped()
    {
        string[] header = ["distinct_id", "timestamp", "page_url", "event_name"];
        var found = ColumnPositions.Find(header, ColumnMapping.Default with { User = "distinct_id" });
        Assert.Equal((0, 1, 2, 3), (found.User, found.Timestamp, found.Page, found.Event));
    }

    /// <summary>An event-only log whose event column is event_name: page=event_name names the column the event role found by its alias.</summary>
    [Fact]
    public void An_event_only_log_may_name_the_event_columns_alias()
    {
        string[] header = ["user_id", "timestamp", "event_name"];
        var found = ColumnPositions.Find(header, ColumnMapping.Default with { Page = "event_name" });
        Assert.Equal((2, 2), (found.Page, found.Event));
        Assert.Empty(found.Extras);
        // Without that mapping the page column is missing, and the message says how to map it.
        var e = Assert.Throws<InvalidInputException>(() => ColumnPositions.Find(header, ColumnMapping.Default));
        Assert.StartsWith("Missing required column: page.", e.Message, StringComparison.Ordinal);
        Assert.Contains(ColumnPositions.EventOnlyHint, e.Message, StringComparison.Ordinal);
    }
}
