using TeloMesh.Core.Events;

namespace TeloMesh.Tests.Core.Events;

/// <summary>Segment columns read back row by row, whether stored sparsely (mostly empty) or with an id per row.</summary>
public sealed class ExtraColumnTests
{
    [Fact]
    public void Mostly_empty_and_mostly_full_columns_give_every_rows_value_back()
    {
        // 4 rows. "coupon" has a value in 1 of them (kept sparse), "platform" in 3 (kept per row).
        var builder = new EventTableBuilder(hasSessionIds: false, ["coupon", "platform"]);
        string[][] cells = [["", "ios"], ["SPRING", "web"], ["", ""], ["", "ios"]];
        for (var row = 0; row < cells.Length; row++)
        {
            builder.Add(builder.Users.Intern("u"), row, builder.Pages.Intern("/p"), builder.Events.Intern("view"), -1, row + 2);
            for (var column = 0; column < 2; column++) builder.SetExtra(column, cells[row][column]);
        }
        var table = builder.Build();

        string Cell(int column, int row) => table.ExtraColumns[column].Values[table.ExtraColumns[column].Ids[row]];
        Assert.Equal(["", "SPRING", "", ""], Enumerable.Range(0, 4).Select(row => Cell(0, row)));
        Assert.Equal(["ios", "web", "", "ios"], Enumerable.Range(0, 4).Select(row => Cell(1, row)));
        Assert.Equal(["", "SPRING", "", ""], table.ExtraColumns[0].Ids.Select(id => table.ExtraColumns[0].Values[id]));
        Assert.Equal(4, table.ExtraColumns[0].Ids.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => table.ExtraColumns[0].Ids[4]);
    }
}
