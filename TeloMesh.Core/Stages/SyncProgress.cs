namespace TeloMesh.Core.Stages;

/// <summary>
/// Reports progress on the caller's thread, in order. <see cref="Progress{T}"/> posts to the thread pool, so a late
/// "parse 95 %" could be printed after the stage's own closing line.
/// </summary>
public sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
