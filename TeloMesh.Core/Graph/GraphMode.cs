namespace TeloMesh.Core.Graph;

/// <summary>
/// How numbers are computed. <see cref="Default"/> follows docs/metrics.md; <see cref="TeloMesh"/> reproduces the original
/// Python pipeline's numbers, quirks included (docs/metrics.md section 4 ("Compatibility mode")), so its users can check a migration.
/// </summary>
public enum CompatMode
{
    Default,
    TeloMesh,
}
