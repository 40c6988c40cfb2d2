namespace TeloMesh.Core.Events;

/// <summary>
/// The input cannot be analysed: a missing column, an empty file, a bad row under <c>--strict</c>. The message says
/// what is wrong and where, in words a user can act on; the command line exits with code 2.
/// </summary>
public sealed class InvalidInputException(string message) : Exception(message);
