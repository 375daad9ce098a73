using Toolkit.Bench.TorchSharp;

namespace Toolkit.Bootstrap.Tests.Engines;

/// <summary>Parsing oneDNN's and MKL's verbose lines (as libtorch 2.10.0 prints them) into a torchsharp row's kernel record.</summary>
public class KernelRecordTests
{
    private static readonly string[] Avx2Lines =
    [
        "MKL_VERBOSE oneMKL 2024.0 Update 2 Product build 20240605 for Intel(R) 64 architecture Intel(R) Advanced Vector Extensions 2 (Intel(R) AVX2) enabled processors, Lnx 2.50GHz lp64 gnu_thread",
        "MKL_VERBOSE SGEMM(T,N,64,12544,32,0x1,0x2,32,0x3,32,0x4,0x5,64) 13.15ms CNR:OFF Dyn:0 FastMM:1 TID:0  NThr:1",
        "onednn_verbose,v1,info,oneDNN v3.7.1 (commit 8d263e693366ef8db40acc569cc7d8edf644556d)",
        "onednn_verbose,v1,info,cpu,isa:Intel AVX2",
        "onednn_verbose,v1,primitive,exec,cpu,reorder,jit:uni,undef,src:f32::blocked:acdb::f0 dst:f32::blocked:Acdb32a::f0,attr-scratchpad:user,,32x3x3x3,0.007",
        "onednn_verbose,v1,primitive,exec,cpu,convolution,brdgmm_dw:avx2,forward_training,src:f32::blocked:acdb::f0,,alg:convolution_direct,mb1_g32ic32oc32_ih112oh112kh3sh1ph1_iw112ow112kw3sw1pw1,0.5",
        "onednn_verbose,v1,primitive,exec,cpu,convolution,brdgmm_dw:avx2,forward_training,src:f32::blocked:acdb::f0,,alg:convolution_direct,mb1_g64ic64oc64_ih112oh56kh3sh2ph0_iw112ow56kw3sw2pw0,0.4",
        "TORCHSHARP_RESULT {}",
    ];

    [Fact]
    public void An_avx2_run_names_its_isa_and_counts_each_kernel()
    {
        var record = KernelRecord.Parse(Avx2Lines, "avx2");

        Assert.Equal("Intel AVX2", record.OneDnnIsa);
        Assert.Equal(2, record.OneDnnKernels["convolution:brdgmm_dw:avx2"]);
        Assert.Equal(1, record.OneDnnKernels["reorder:jit:uni"]);
        Assert.Equal("Intel(R) Advanced Vector Extensions 2 (Intel(R) AVX2)", record.MklIsa);
        Assert.False(record.UsedAvx512);
        Assert.Contains("convolution:brdgmm_dw:avx2×2", record.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, record.MklCalls["SGEMM"]);
        Assert.Single(record.MklCalls);
        Assert.Contains("mkl calls: SGEMM×1", record.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_avx512_run_is_recognized_by_its_kernel_names_and_mkl_banner()
    {
        var record = KernelRecord.Parse(
        [
            "MKL_VERBOSE oneMKL 2024.0 Update 2 Product build 20240605 for Intel(R) 64 architecture Intel(R) Advanced Vector Extensions 512 (Intel(R) AVX-512) with support of Intel(R) Deep Learning Boost (Intel(R) DL Boost), Lnx 2.50GHz lp64 gnu_thread",
            "onednn_verbose,v1,info,cpu,isa:Intel AVX-512 with Intel DL Boost",
            "onednn_verbose,v1,primitive,exec,cpu,convolution,brg_conv_fwd:avx512_core,forward_training,src:f32,,alg:convolution_direct,mb1,0.3",
        ], null);

        Assert.True(record.UsedAvx512);
        Assert.Equal("Intel AVX-512 with Intel DL Boost", record.OneDnnIsa);
        Assert.StartsWith("Intel(R) Advanced Vector Extensions 512", record.MklIsa, StringComparison.Ordinal);
        Assert.Contains("aten: default (widest)", record.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Lines_without_verbose_output_give_an_empty_record() =>
        Assert.Empty(KernelRecord.Parse(["hello", "TORCHSHARP_RESULT {}"], null).OneDnnKernels);
}
