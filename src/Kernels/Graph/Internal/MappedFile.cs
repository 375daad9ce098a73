using System.Runtime.InteropServices;

namespace Toolkit.Kernels.Graph.Internal;

/// <summary>
/// A whole file in memory, read-only. On Linux it is mapped, and <see cref="Populate"/> wires the ranges a reader will
/// use into the process (<c>madvise(MADV_POPULATE_READ)</c>), pages already in the page cache in one call each (about
/// 0.4 ms for 17 MB here) instead of faulting in one by one or being copied into fresh, zeroed memory (about 30 ms for
/// the same file on this VM); ranges it will not read (another tier's panels) are never touched. A kernel older than
/// 5.14 refuses that advice, and the file is then mapped again with <c>MAP_POPULATE</c>, whole. Elsewhere the file is
/// read into aligned native memory. The memory stays valid until the object is finalized, so whatever points into it
/// also holds a reference to it.
/// </summary>
internal sealed unsafe partial class MappedFile
{
    private const int ProtRead = 0x1;
    private const int MapPrivate = 0x02;
    private const int MapPopulate = 0x08000;
    private const int MadvisePopulateRead = 22;
    private const int InvalidArgument = 22;
    private const int PageAlignmentBytes = 4096;

    private readonly bool mapped;
    private readonly string path;
    private byte* data;

    private MappedFile(byte* data, long length, bool mapped, string path)
    {
        this.data = data;
        Length = length;
        this.mapped = mapped;
        this.path = path;
    }

    ~MappedFile() => Release();

    /// <summary>The file's bytes; the start is page-aligned, so an offset aligned in the file is aligned in memory.</summary>
    public byte* Data => data != null ? data : throw new ObjectDisposedException(nameof(MappedFile));

    public long Length { get; }

    /// <exception cref="IOException">The file cannot be opened or mapped.</exception>
    public static MappedFile Open(string path)
    {
        using var handle = File.OpenHandle(path);
        var length = RandomAccess.GetLength(handle);
        if (length == 0)
        {
            return new MappedFile((byte*)NativeMemory.AlignedAlloc(1, PageAlignmentBytes), 0, mapped: false, path);
        }

        if (OperatingSystem.IsLinux())
        {
            return new MappedFile(Map(handle, path, length, MapPrivate), length, mapped: true, path);
        }

        var buffer = (byte*)NativeMemory.AlignedAlloc((nuint)length, PageAlignmentBytes);
        var read = 0L;
        while (read < length)
        {
            var chunk = RandomAccess.Read(handle, new Span<byte>(buffer + read, (int)Math.Min(length - read, int.MaxValue)), read);
            if (chunk == 0)
            {
                NativeMemory.AlignedFree(buffer);
                throw new IOException($"{path} ended after {read} of {length} bytes while reading it.");
            }

            read += chunk;
        }

        return new MappedFile(buffer, length, mapped: false, path);
    }

    /// <summary>
    /// Wires the pages of each (offset, length) range into the process now, so reading them later takes no page fault.
    /// Call before handing out pointers into <see cref="Data"/>: on a kernel without the advice the file is mapped
    /// again, whole and populated, at another address.
    /// </summary>
    public void Populate(IEnumerable<(long Offset, long Length)> ranges)
    {
        if (!mapped)
        {
            return;
        }

        foreach (var (offset, length) in ranges)
        {
            var start = offset / PageAlignmentBytes * PageAlignmentBytes;
            var end = Math.Min(offset + length, Length);
            if (end > start && Madvise(data + start, (nuint)(end - start), MadvisePopulateRead) != 0 && Marshal.GetLastPInvokeError() == InvalidArgument)
            {
                using var handle = File.OpenHandle(path);
                var populated = Map(handle, path, Length, MapPrivate | MapPopulate);
                _ = Munmap(data, (nuint)Length);
                data = populated;
                return;
            }
        }
    }

    private static byte* Map(Microsoft.Win32.SafeHandles.SafeFileHandle handle, string path, long length, int flags)
    {
        var address = Mmap(null, (nuint)length, ProtRead, flags, (int)handle.DangerousGetHandle(), 0);
        return address != (void*)-1
            ? (byte*)address
            : throw new IOException($"Cannot map {path} ({length} bytes): errno {Marshal.GetLastPInvokeError()}.");
    }

    private void Release()
    {
        if (data == null)
        {
            return;
        }

        if (mapped)
        {
            _ = Munmap(data, (nuint)Length);
        }
        else
        {
            NativeMemory.AlignedFree(data);
        }

        data = null;
    }

    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    private static partial void* Mmap(void* address, nuint length, int protection, int flags, int fileDescriptor, nint offset);

    [LibraryImport("libc", EntryPoint = "madvise", SetLastError = true)]
    private static partial int Madvise(void* address, nuint length, int advice);

    [LibraryImport("libc", EntryPoint = "munmap")]
    private static partial int Munmap(void* address, nuint length);
}
