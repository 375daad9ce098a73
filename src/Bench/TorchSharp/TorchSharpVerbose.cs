using System.Runtime.InteropServices;

namespace Toolkit.Bench.TorchSharp;

/// <summary>
/// Switches libtorch's oneDNN and MKL verbose output on and off at run time, so the kernels one inference dispatched to
/// (oneDNN prints each primitive with its implementation and ISA, e.g. <c>brg_conv_fwd:avx2</c>; MKL its ISA on its
/// first call) can be recorded without printing during timed runs, as <c>ONEDNN_VERBOSE=1</c> set for the whole
/// process would. The output goes to the process's standard output.
/// </summary>
public static partial class TorchSharpVerbose
{
    /// <summary>Turns the verbose output on (level 1: one line per primitive executed) or off.</summary>
    /// <returns>False when this libtorch exports no verbose switch (a different build) or a library is missing; the record is then empty.</returns>
    public static bool Set(bool on)
    {
        try
        {
            _ = SetOneDnnVerbose(on ? 1 : 0);
            _ = SetMklVerbose(on ? 1 : 0);
            _ = FlushStandardStreams(IntPtr.Zero);
            return true;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }

    /// <summary>torch::verbose::_mkldnn_set_verbose(int), what Python's torch.backends.mkldnn.verbose calls.</summary>
    [LibraryImport("libtorch_cpu", EntryPoint = "_ZN5torch7verbose19_mkldnn_set_verboseEi")]
    private static partial int SetOneDnnVerbose(int level);

    /// <summary>MKL's C entry MKL_Verbose(int), linked into libtorch_cpu (lower-case mkl_verbose is the Fortran one, by pointer).</summary>
    [LibraryImport("libtorch_cpu", EntryPoint = "MKL_Verbose")]
    private static partial int SetMklVerbose(int enable);

    /// <summary>C stdio buffers a piped stdout: flush it so the lines are not held until exit.</summary>
    [LibraryImport("libc", EntryPoint = "fflush")]
    private static partial int FlushStandardStreams(IntPtr stream);
}
