using System.Runtime.InteropServices;

namespace Toolkit.Bench.ColdStart;

/// <summary>Drops a file's clean pages from the page cache, so the next start reads it from disk (the evicted state).</summary>
public static partial class PageCache
{
    private const int PosixFadviseDontNeed = 4;

    /// <returns>False where the OS offers no way to do it (not Linux).</returns>
    public static bool Evict(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        using var handle = File.OpenHandle(path);
        var error = PosixFadvise((int)handle.DangerousGetHandle(), 0, 0, PosixFadviseDontNeed);
        return error == 0 ? true : throw new IOException($"posix_fadvise(DONTNEED) on {path} failed with error {error}.");
    }

    [LibraryImport("libc", EntryPoint = "posix_fadvise")]
    private static partial int PosixFadvise(int fileDescriptor, long offset, long length, int advice);
}
