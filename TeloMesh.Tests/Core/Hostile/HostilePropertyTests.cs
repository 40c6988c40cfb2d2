using System.Text;
using CsCheck;
using TeloMesh.Core.Events;
using TeloMesh.Core.Export;

namespace TeloMesh.Tests.Core.Hostile;

/// <summary>
/// The promises about bad input, checked on random files through the real pipeline (a data folder, DatasetRunner,
/// every output written): only <see cref="InvalidInputException"/> ever escapes, every data row is either analysed or
/// in rejected_rows.csv, and no CSV cell TeloMesh writes starts like a formula. Bounded to a few seconds.
/// </summary>
public sealed class HostilePropertyTests
{
    private const string Header = "user_id,timestamp,page,event";

    private static readonly Gen<string> Users = Gen.OneOf("u1", "u2", "u3", "=1+1", "-u", "@u", "+u", "", " ");

    private static readonly Gen<string> Times = Gen.OneOf("2025-03-01T10:00:00Z", "2025-03-01T10:05:00Z", "2025-03-01T11:00:00Z",
        "1740823200", "1740823200000", "-1", "bad", "", "2025-02-30T00:00:00Z", "100000000000000000", "9999-12-31T23:59:59Z", "=NOW()");

    private static readonly Gen<string> Names = Gen.OneOf("/a", "/b", "/c", "/d", "=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)",
        "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "a,b", "a;b", "say \"hi\"", "\u202Eexe.txt", "x\u0000y", "", "  ");

    /// <summary>A row on one line: its bytes, or null for a blank line.</summary>
    private static readonly Gen<byte[]?> Rows =
        Gen.Select(Users, Times, Names, Names, Gen.Int[0, 19], Gen.Int[0, 29]).Select((user, time, page, evt, shape, damage) =>
        {
            if (shape == 0) return null; // a blank line: not a row
            string[] fields = shape switch
            {
                1 => [user, time, page], // one field short
                2 => [user, time, page, evt, "extra"], // one too many
                _ => [user, time, page, evt],
            };
            var bytes = Encoding.UTF8.GetBytes(string.Join(",", fields.Select(Quoted)));
            return damage == 0 ? [.. bytes, 0xFF] : damage == 1 ? [0xC3, .. bytes] : bytes; // invalid UTF-8 now and then
        });

    private static readonly Gen<(byte[]?[] Rows, string LineBreak)> Files =
        Gen.Select(Rows.Array[1, 40], Gen.OneOf("\n", "\r\n", "\r"));

    private static string Quoted(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;

    private static byte[] Bytes((byte[]?[] Rows, string LineBreak) file)
    {
        var lineBreak = Encoding.ASCII.GetBytes(file.LineBreak);
        var bytes = new List<byte>(Encoding.ASCII.GetBytes(Header));
        bytes.AddRange(lineBreak);
        foreach (var row in file.Rows)
        {
            bytes.AddRange(row ?? []);
            bytes.AddRange(lineBreak);
        }
        return [.. bytes];
    }

    [Fact]
    public void Every_row_of_a_line_per_row_file_is_analysed_or_rejected_with_its_own_line_number() =>
        Files.Sample(file =>
        {
            using var sets = new HostileDatasets();
            sets.Add("p", Bytes(file));
            // Line 1 is the header; row k (0-based) is on line k + 2; blank lines hold no row.
            var dataLines = file.Rows.Select((row, k) => (row, line: k + 2L)).Where(x => x.row is not null).Select(x => x.line).ToList();
            try
            {
                var (ingest, _) = sets.Analyze("p");
                var accepted = ingest.Events.LineNumbers.ToArray().Select(l => (long)l).ToList();
                var rejected = ingest.Rejected.Select(r => r.LineNumber).ToList();
                Assert.Equal(dataLines.Count, ingest.RowsRead);
                Assert.Equal(dataLines, accepted.Concat(rejected).Order());
                sets.AssertComplete("p", withRejected: rejected.Count > 0);
                if (rejected.Count > 0) Assert.Equal(rejected, sets.Rejected("p").Select(r => r.Line));
                AssertNoFormulaCells(sets, "p");
            }
            catch (InvalidInputException e)
            {
                // Only when no row could be accepted (or there was none: only blank lines), and then nothing is written.
                Assert.StartsWith(dataLines.Count == 0 ? "The file has a header (" : $"No valid events: all {dataLines.Count} rows were rejected.",
                    e.Message, StringComparison.Ordinal);
                sets.AssertNothingWritten("p");
            }
        }, iter: 60);

    /// <summary>Anything at all: separators, quotes, line breaks, formula starts, NUL and bytes that are not UTF-8.</summary>
    private static readonly Gen<byte[]> Chaos =
        Gen.Select(
            Gen.OneOf(Header + "\n", "user_id;timestamp;page;event\n", "user_id\ttimestamp\tpage\tevent\r\n", Header + ",session_id\n", ""),
            Gen.OneOf("u1", "2025-03-01T10:00:00Z", "/a", "view", ",", ";", "\t", "\"", "\n", "\r\n", "\r", "=", "+", "-", "@", " ",
                "\0", "é", "\u202E", "1740823200").Array[0, 60],
            Gen.Byte.Array[0, 3])
        .Select((header, pieces, noise) => (byte[])[.. Encoding.UTF8.GetBytes(header + string.Concat(pieces)), .. noise]);

    [Fact]
    public void Any_input_is_analysed_or_refused_with_a_message_and_nothing_is_lost() =>
        Chaos.Sample(bytes =>
        {
            using var sets = new HostileDatasets();
            sets.Add("c", bytes);
            try
            {
                var (ingest, _) = sets.Analyze("c");
                Assert.Equal(ingest.RowsRead, ingest.RowsAccepted + ingest.RowsRejected);
                var accepted = ingest.Events.LineNumbers.ToArray().Select(l => (long)l).ToHashSet();
                Assert.DoesNotContain(ingest.Rejected, r => accepted.Contains(r.LineNumber));
                Assert.Equal(ingest.RowsRejected, ingest.Rejected.Select(r => r.LineNumber).Distinct().Count());
                sets.AssertComplete("c", withRejected: ingest.RowsRejected > 0);
                AssertNoFormulaCells(sets, "c");
            }
            catch (InvalidInputException)
            {
                sets.AssertNothingWritten("c");
            }
        }, iter: 150);

    [Fact]
    public void The_command_line_never_fails_with_anything_but_bad_input_on_any_input() =>
        Chaos.Sample(bytes =>
        {
            using var sets = new HostileDatasets();
            File.WriteAllBytes(sets.File("in.csv"), bytes);
            var (code, _, error) = sets.Cli("--input-file", sets.File("in.csv"), "--dataset", "c");
            Assert.True(code is 0 or 2, error);
            if (code == 2) Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        }, iter: 40);

    /// <summary>No cell of any CSV file in the dataset's outputs starts with = + - @ tab or CR (they get a leading ').</summary>
    internal static void AssertNoFormulaCells(HostileDatasets sets, string name)
    {
        foreach (var file in new[] { OutputFileNames.SessionFlows, OutputFileNames.Chokepoints, OutputFileNames.FragileFlows, OutputFileNames.RejectedRows })
        {
            var path = sets.Output(name, file);
            if (!File.Exists(path)) continue;
            AssertNoFormulaCells(HostileDatasets.ReadCsv(path), file);
        }
    }

    internal static void AssertNoFormulaCells(IEnumerable<string[]> rows, string file)
    {
        foreach (var row in rows)
            foreach (var cell in row)
                Assert.False(cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r', $"{file}: a cell starts like a formula: {cell}");
    }
}
