using System.Globalization;
using TeloMesh.Core.Stages;

namespace TeloMesh.Cli;

/// <summary>
/// Shows progress as work runs: a progress line that rewrites itself on a terminal (plain lines at each stage
/// otherwise, so logs stay readable), and a timing line when each stage ends.
/// </summary>
internal sealed class ConsoleReporter(TextWriter output, bool interactive) : IProgress<PipelineProgress>
{
    private readonly Lock _lock = new();
    private DateTime _lastDraw;

    public void Report(PipelineProgress value)
    {
        lock (_lock)
        {
            if (!interactive)
                return;
            var now = DateTime.UtcNow;
            if (value.Fraction is > 0 and < 1 && now - _lastDraw < TimeSpan.FromMilliseconds(100)) return;
            _lastDraw = now;
            var line = string.Create(CultureInfo.InvariantCulture, $"  {Name(value.Stage),-9} {value.Fraction,4:P0}  {value.Message}");
            output.Write('\r' + line.PadRight(78));
        }
    }

    public void StageDone(PipelineStage stage, TimeSpan elapsed, string detail)
    {
        lock (_lock)
        {
            if (interactive) output.Write('\r' + new string(' ', 78) + '\r');
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {Name(stage),-9} {elapsed.TotalSeconds,7:0.000} s  {detail}"));
        }
    }

    public static string Name(PipelineStage stage) => stage.ToString().ToLowerInvariant();
}
