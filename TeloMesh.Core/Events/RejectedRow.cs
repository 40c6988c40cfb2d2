namespace TeloMesh.Core.Events;

/// <summary>An input record that was not accepted: its 1-based line number, why, and its text exactly as read.</summary>
public sealed record RejectedRow(long LineNumber, string Reason, string RawText);
