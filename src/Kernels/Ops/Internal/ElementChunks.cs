namespace Toolkit.Kernels.Ops.Internal;

/// <summary>
/// How the element-wise kernels split a long span across threads. The split depends on the length alone, never on the
/// thread count, so every element is computed by the same code path whatever the context's threads.
/// </summary>
internal static class ElementChunks
{
    /// <summary>
    /// Elements per parallel item: 16 Ki floats (64 KiB) stream in a few microseconds, well above the pool's per-item
    /// hand-out cost, yet a 1 M-element tensor still gives 64 items to balance. A multiple of every vector width, so
    /// only the last chunk has a tail.
    /// </summary>
    public const int Length = 16 * 1024;

    public static int Count(int length) => (length + Length - 1) / Length;
}
