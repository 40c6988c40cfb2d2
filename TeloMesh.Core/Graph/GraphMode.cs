namespace TeloMesh.Core.Graph;

/// <summary>
/// How numbers are computed. <see cref="Default"/> follows SPEC.md; <see cref="TeloMesh"/> reproduces the original
/// Python pipeline's numbers, quirks included (SPEC.md "Compatibility mode"), so its users can check a migration.
/// </summary>
public enum CompatMode
{
    Default,
    TeloMesh,
}
