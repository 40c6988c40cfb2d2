namespace TeloMesh.Core.Stages;

/// <summary>The stages of the pipeline, in order (the README's command line names them on the command line).</summary>
public enum PipelineStage
{
    Synthetic,
    Parse,
    Sessions,
    Graph,
    Metrics,
    Analysis,
    Export,
}

/// <summary>Where a long analysis is: the stage, how far through it (0..1), and a short message.</summary>
public readonly record struct PipelineProgress(PipelineStage Stage, double Fraction, string Message);
