using System.Text;
using CsCheck;
using TeloMesh.Core.Events;
using TeloMesh.Core.Export;

namespace TeloMesh.Tests.Core.Export;

/// <summary>The fast session_flows writer must write exactly what the general CSV writer (CsvHelper) would.</summary>
public class Utf8WriterTests
{
    [Fact]
    public void Times_format_as_the_general_formatter_does() =>
        Gen.Long[DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks].Sample(ticks =>
        {
            var buffer = new byte[40];
            var written = SessionFlowsWriter.FormatTime(ticks, buffer);
            Assert.Equal(TimestampParser.Format(ticks), Encoding.UTF8.GetString(buffer, 0, written));
        }, iter: 2000);

    [Theory]
    [InlineData("/plain")]
    [InlineData("=HYPERLINK(\"http://x\")")]
    [InlineData("+1+1")]
    [InlineData("-2+3")]
    [InlineData("@SUM(A1)")]
    [InlineData("a,b")]
    [InlineData("say \"hi\"")]
    [InlineData("two\nlines")]
    [InlineData("café 😀")]
    [InlineData("")]
    public void Cells_encode_as_the_safe_csv_writer_does(string text)
    {
        using var stream = new MemoryStream();
        using (var csv = SafeCsv.Create(stream))
        {
            csv.WriteField("x");
            csv.WriteField(text);
            csv.EndRecord();
            csv.Flush();
        }
        var expected = Encoding.UTF8.GetString(stream.ToArray())["x,".Length..^1];
        Assert.Equal(expected, Encoding.UTF8.GetString(Utf8CsvCells.Encode(text)));
    }
}
