using System.Runtime.InteropServices;

namespace Toolkit.Kernels.Quantized.Internal;

/// <summary>
/// Pages of machine code the process writes and then runs: mapped writable, filled, and switched to read + execute
/// before the first call (never writable and executable at once). Linux only; the pages live as long as the process.
/// </summary>
internal static unsafe partial class ExecutableMemory
{
    private const int ProtectRead = 1;
    private const int ProtectWrite = 2;
    private const int ProtectExecute = 4;
    private const int MapPrivate = 0x02;
    private const int MapAnonymous = 0x20;

    /// <summary>Copies <paramref name="code"/> into fresh executable pages, or returns null where the system refuses them.</summary>
    public static void* TryLoad(ReadOnlySpan<byte> code)
    {
        if (!OperatingSystem.IsLinux() || code.IsEmpty)
        {
            return null;
        }

        var length = (nuint)((code.Length + 4095) & ~4095);
        var pages = Mmap(null, length, ProtectRead | ProtectWrite, MapPrivate | MapAnonymous, -1, 0);
        if (pages == (void*)-1)
        {
            return null;
        }

        code.CopyTo(new Span<byte>(pages, code.Length));
        if (Mprotect(pages, length, ProtectRead | ProtectExecute) != 0)
        {
            // A policy that forbids executable anonymous memory (SELinux execmem, a hardened kernel) ends here.
            _ = Munmap(pages, length);
            return null;
        }

        return pages;
    }

    [LibraryImport("libc", EntryPoint = "mmap")]
    private static partial void* Mmap(void* address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "mprotect")]
    private static partial int Mprotect(void* address, nuint length, int protection);

    [LibraryImport("libc", EntryPoint = "munmap")]
    private static partial int Munmap(void* address, nuint length);
}
