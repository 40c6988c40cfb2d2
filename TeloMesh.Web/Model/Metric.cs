namespace TeloMesh.Web.Model;

/// <summary>A summary number as a card shows it: its label, its value formatted, and what it means.</summary>
public sealed record Metric(string Label, string Value, string Help);
