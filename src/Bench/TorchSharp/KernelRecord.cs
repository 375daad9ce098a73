namespace Toolkit.Bench.TorchSharp;

/// <summary>
/// Which kernels one libtorch inference ran, from oneDNN's and MKL's verbose lines: oneDNN's ISA (its
/// <c>info,cpu,isa:</c> line), each primitive implementation with its count (the implementation names its ISA, e.g.
/// <c>brg_conv_fwd:avx2</c> or <c>jit:avx512_core</c>), MKL's ISA, each MKL function with its count (libtorch's
/// float32 linear and batched matmul call MKL's SGEMM and SGEMM_BATCH, which oneDNN's verbose never shows), and
/// ATen's requested capability.
/// </summary>
public sealed record KernelRecord(string? OneDnnIsa, IReadOnlyDictionary<string, int> OneDnnKernels, string? MklIsa, IReadOnlyDictionary<string, int> MklCalls, string? AtenCapability)
{
    private const string MklCallPrefix = "MKL_VERBOSE ";

    /// <summary>True when some oneDNN kernel name carries an AVX-512 ISA suffix (avx512_core, avx512_core_vnni, ...).</summary>
    public bool UsedAvx512 => OneDnnKernels.Keys.Any(k => k.Contains("avx512", StringComparison.Ordinal));

    public static KernelRecord Parse(IEnumerable<string> lines, string? atenCapability)
    {
        string? oneDnnIsa = null;
        string? mklIsa = null;
        var kernels = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var mklCalls = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            if (line.StartsWith("onednn_verbose", StringComparison.Ordinal))
            {
                var fields = line.Split(',');
                var isa = Array.FindIndex(fields, f => f.StartsWith("isa:", StringComparison.Ordinal));
                if (isa >= 0)
                {
                    oneDnnIsa ??= fields[isa]["isa:".Length..];
                }

                // onednn_verbose[,v1][,timestamp],primitive,exec,cpu,<kind>,<implementation>,...
                var exec = Array.IndexOf(fields, "exec");
                if (exec >= 0 && exec + 3 < fields.Length)
                {
                    var key = $"{fields[exec + 2]}:{fields[exec + 3]}";
                    kernels[key] = kernels.GetValueOrDefault(key) + 1;
                }
            }
            else if (line.StartsWith("MKL_VERBOSE", StringComparison.Ordinal) && mklIsa is null && line.Contains(" architecture ", StringComparison.Ordinal))
            {
                // MKL's banner: "... for Intel(R) 64 architecture Intel(R) Advanced Vector Extensions 2 (Intel(R) AVX2)
                // enabled processors, Lnx ..." or "... architecture Intel(R) Advanced Vector Extensions 512 (Intel(R)
                // AVX-512) with support of ..., Lnx ...".
                mklIsa = (Between(line, " architecture ", ", Lnx") ?? line).Replace(" enabled processors", "", StringComparison.Ordinal);
            }
            else if (line.StartsWith(MklCallPrefix, StringComparison.Ordinal) && line.IndexOf('(', StringComparison.Ordinal) is var open && open > MklCallPrefix.Length)
            {
                // One line per call: "MKL_VERBOSE SGEMM(T,N,64,12544,32,...) 13.15ms CNR:OFF Dyn:0 FastMM:1 TID:0  NThr:1".
                var function = line[MklCallPrefix.Length..open];
                if (!function.Contains(' ', StringComparison.Ordinal))
                {
                    mklCalls[function] = mklCalls.GetValueOrDefault(function) + 1;
                }
            }
        }

        return new KernelRecord(oneDnnIsa, kernels, mklIsa, mklCalls, atenCapability);
    }

    /// <summary>One line for logs and the table3 row, e.g. <c>onednn isa: Intel AVX2; kernels: convolution:brg_conv_fwd:avx2×14, ...</c>.</summary>
    public override string ToString() =>
        $"onednn isa: {OneDnnIsa ?? "not reported"}; onednn kernels: {(OneDnnKernels.Count == 0 ? "none reported" : string.Join(", ", OneDnnKernels.Select(k => $"{k.Key}×{k.Value}")))}; " +
        $"mkl: {MklIsa ?? "not called"}; mkl calls: {(MklCalls.Count == 0 ? "none" : string.Join(", ", MklCalls.Select(k => $"{k.Key}×{k.Value}")))}; " +
        $"aten: {AtenCapability ?? "default (widest)"}";

    private static string? Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        var to = text.IndexOf(end, StringComparison.Ordinal);
        return from >= 0 && to > from ? text[(from + start.Length)..to] : null;
    }
}
