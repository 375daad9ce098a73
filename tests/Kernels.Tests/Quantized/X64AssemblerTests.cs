using Toolkit.Kernels.Quantized.Internal;

namespace Toolkit.Kernels.Tests.Quantized;

/// <summary>The encoder's bytes against GNU as 2.40 for the same instructions (with 32-bit displacements; Intel order, destination first).</summary>
public class X64AssemblerTests
{
    [Fact]
    public void Vector_instructions_encode_as_evex_512()
    {
        var asm = new X64Assembler();
        asm.Vpxord(0, 0, 0);                                                 // vpxord zmm0, zmm0, zmm0
        asm.Vpxord(8, 8, 8);                                                 // vpxord zmm8, zmm8, zmm8
        asm.Vpdpbusd(0, 30, 31);                                             // vpdpbusd zmm0, zmm30, zmm31
        asm.Vpdpbusd(23, 29, 27);                                            // vpdpbusd zmm23, zmm29, zmm27
        asm.VpbroadcastdLoad(28, new X64Assembler.Memory(7, Index: 6, Scale: 2)); // vpbroadcastd zmm28, [rdi+rsi*2+0]
        asm.Vmovdqu32Load(24, new X64Assembler.Memory(2, 64));               // vmovdqu32 zmm24, [rdx+64]
        asm.Vmovdqu32Store(new X64Assembler.Memory(1, 128), 9);              // vmovdqu32 [rcx+128], zmm9
        asm.VpadddLoad(3, 3, new X64Assembler.Memory(10, 4));                // vpaddd zmm3, zmm3, [r10+4]

        Assert.Equal(
            Hex("62 f1 7d 48 ef c0", "62 51 3d 48 ef c0", "62 92 0d 40 50 c7", "62 82 15 40 50 fb",
                "62 62 7d 48 58 a4 77 00 00 00 00", "62 61 7e 48 6f 82 40 00 00 00", "62 71 7e 48 7f 89 80 00 00 00",
                "62 d1 65 48 fe 9a 04 00 00 00"),
            asm.ToArray());
    }

    [Fact]
    public void Integer_instructions_and_the_backward_branch_encode()
    {
        var asm = new X64Assembler();
        var top = asm.Position;
        asm.Lea(9, new X64Assembler.Memory(6, Index: 6, Scale: 2)); // lea r9, [rsi+rsi*2+0]
        asm.AddImmediate(7, 4);                                    // add rdi, 4
        asm.AddImmediate(10, 256);                                 // add r10, 256
        asm.Decrement(8);                                          // dec r8
        asm.JumpIfNotZero(top);                                    // jnz top
        asm.Vzeroupper();
        asm.Return();

        Assert.Equal(
            Hex("4c 8d 8c 76 00 00 00 00", "48 81 c7 04 00 00 00", "49 81 c2 00 01 00 00", "49 ff c8", "0f 85 e1 ff ff ff", "c5 f8 77", "c3"),
            asm.ToArray());
    }

    [Fact]
    public void An_rsp_index_is_refused()
    {
        var asm = new X64Assembler();
        Assert.Throws<ArgumentException>(() => asm.Vmovdqu32Load(0, new X64Assembler.Memory(7, Index: 4)));
    }

    private static byte[] Hex(params string[] instructions) =>
        [.. instructions.SelectMany(i => i.Split(' ')).Select(b => Convert.ToByte(b, 16))];
}
