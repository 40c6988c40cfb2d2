namespace TeloMesh.Core.Import;

/// <summary>The options a source file is read with (with the column mapping, which is the dataset's, not the analysis's).</summary>
public readonly record struct IngestKey(bool Strict, bool KeepQuery);
