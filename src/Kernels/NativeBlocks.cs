using System.Runtime.InteropServices;

namespace Toolkit.Kernels;

/// <summary>
/// Aligned native memory for the kernels' large buffers (packed weights, arenas, scratch). A block of 2 MiB or more is
/// aligned to 2 MiB and, on Linux, advised to the kernel as a candidate for transparent huge pages
/// (<c>madvise(MADV_HUGEPAGE)</c>; Debian's default mode is <c>madvise</c>). Its first touch then faults one 2 MiB page
/// where it would fault 512 small ones: a cold start that fills fresh memory (a model's transformed weights, its
/// arena) pays for page faults, not arithmetic. On a 2-core EPYC Zen 5 VM, `coldstart --publish --hosts lambda --builds
/// aot --engines kernels --models mobilenet_v1 resnet18 --page-cache warm --runs 10 --bursts 0` gave model_load medians
/// of 23.5 → 10.7 ms (MobileNetV1) and 102 → 54 ms (ResNet18, Winograd weights then computed at load) without → with
/// it; an ad-hoc diagnostic that clears a fresh 17 MiB block took 47–48 ms in 4 KiB pages and 4.2–4.5 ms advised.
/// Where the advice is refused or unavailable, the block is ordinary memory. Blocks are freed with <see cref="NativeMemory.AlignedFree"/>.
/// </summary>
internal static unsafe partial class NativeBlocks
{
    /// <summary>The x86-64 huge page: blocks from this size up are aligned to it and advised.</summary>
    private const nuint HugePageBytes = 2 << 20;

    private const int MadviseHugePage = 14;

    /// <summary><paramref name="bytes"/> (at least 1) aligned to <paramref name="alignment"/>, or to a huge page when the block is that large.</summary>
    public static void* Allocate(nuint bytes, nuint alignment)
    {
        bytes = Math.Max(bytes, 1);
        if (bytes < HugePageBytes)
        {
            return NativeMemory.AlignedAlloc(bytes, alignment);
        }

        var block = NativeMemory.AlignedAlloc(bytes, Math.Max(alignment, HugePageBytes));
        if (OperatingSystem.IsLinux())
        {
            // Advice only: a kernel without THP, or with it set to never, returns an error and the block stays as it is.
            _ = Madvise(block, bytes / HugePageBytes * HugePageBytes, MadviseHugePage);
        }

        return block;
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(void* address, nuint length, int advice);
}
