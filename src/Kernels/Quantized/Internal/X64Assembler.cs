namespace Toolkit.Kernels.Quantized.Internal;

/// <summary>
/// Encodes the handful of x86-64 instructions the emitted int8 micro-kernel needs: EVEX-encoded 512-bit vector
/// instructions on zmm0–31, and a few 64-bit integer ones for the loop. Memory operands are always
/// <c>[base + index·scale + disp32]</c>: a 32-bit displacement is never scaled, unlike EVEX's compressed disp8, so one
/// encoding serves every operand size. Register numbers are the hardware ones (rax = 0 … r15 = 15, zmm0 = 0 … zmm31 = 31).
/// </summary>
internal sealed class X64Assembler
{
    private readonly List<byte> code = [];

    /// <summary>Bytes emitted so far: the next instruction's offset.</summary>
    public int Position => code.Count;

    public byte[] ToArray() => [.. code];

    /// <summary>vpxord zmm<paramref name="destination"/>, zmm<paramref name="left"/>, zmm<paramref name="right"/> (EVEX.512.66.0F.W0 EF).</summary>
    public void Vpxord(int destination, int left, int right) => EvexRegister(OpcodeMap.Map0F, Prefix.P66, 0xEF, destination, left, right);

    /// <summary>
    /// vpdpbusd zmm<paramref name="accumulator"/>, zmm<paramref name="unsignedBytes"/>, zmm<paramref name="signedBytes"/>
    /// (EVEX.512.66.0F38.W0 50): each 32-bit lane adds the four products of its unsigned and signed bytes.
    /// </summary>
    public void Vpdpbusd(int accumulator, int unsignedBytes, int signedBytes) => EvexRegister(OpcodeMap.Map0F38, Prefix.P66, 0x50, accumulator, unsignedBytes, signedBytes);

    /// <summary>vpbroadcastd zmm<paramref name="destination"/>, dword [memory] (EVEX.512.66.0F38.W0 58).</summary>
    public void VpbroadcastdLoad(int destination, Memory memory) => EvexMemory(OpcodeMap.Map0F38, Prefix.P66, 0x58, destination, 0, memory);

    /// <summary>vmovdqu32 zmm<paramref name="destination"/>, [memory] (EVEX.512.F3.0F.W0 6F).</summary>
    public void Vmovdqu32Load(int destination, Memory memory) => EvexMemory(OpcodeMap.Map0F, Prefix.PF3, 0x6F, destination, 0, memory);

    /// <summary>vmovdqu32 [memory], zmm<paramref name="source"/> (EVEX.512.F3.0F.W0 7F).</summary>
    public void Vmovdqu32Store(Memory memory, int source) => EvexMemory(OpcodeMap.Map0F, Prefix.PF3, 0x7F, source, 0, memory);

    /// <summary>vpaddd zmm<paramref name="destination"/>, zmm<paramref name="left"/>, [memory] (EVEX.512.66.0F.W0 FE).</summary>
    public void VpadddLoad(int destination, int left, Memory memory) => EvexMemory(OpcodeMap.Map0F, Prefix.P66, 0xFE, destination, left, memory);

    /// <summary>add r64, imm32 (REX.W 81 /0).</summary>
    public void AddImmediate(int register, int value)
    {
        Rex(0, 0, register);
        Byte(0x81);
        Byte(0xC0 | (register & 7));
        Dword(value);
    }

    /// <summary>dec r64 (REX.W FF /1).</summary>
    public void Decrement(int register)
    {
        Rex(0, 0, register);
        Byte(0xFF);
        Byte(0xC8 | (register & 7));
    }

    /// <summary>lea r64, [memory] (REX.W 8D).</summary>
    public void Lea(int destination, Memory memory)
    {
        Rex(destination, memory.Index < 0 ? 0 : memory.Index, memory.Base);
        Byte(0x8D);
        ModRmMemory(destination, memory);
    }

    /// <summary>jnz to an earlier <see cref="Position"/> (0F 85 rel32).</summary>
    public void JumpIfNotZero(int target)
    {
        Byte(0x0F);
        Byte(0x85);
        Dword(target - (Position + 4));
    }

    /// <summary>vzeroupper (VEX C5 F8 77): leaves no dirty upper state for the caller's code.</summary>
    public void Vzeroupper()
    {
        Byte(0xC5);
        Byte(0xF8);
        Byte(0x77);
    }

    public void Return() => Byte(0xC3);

    /// <summary>A memory operand <c>[Base + Index·Scale + Displacement]</c>; <see cref="Index"/> −1 for none.</summary>
    public readonly record struct Memory(int Base, int Displacement = 0, int Index = -1, int Scale = 1);

    private enum OpcodeMap
    {
        Map0F = 1,
        Map0F38 = 2,
    }

    private enum Prefix
    {
        P66 = 1,
        PF3 = 2,
    }

    private void EvexRegister(OpcodeMap map, Prefix prefix, int opcode, int reg, int vvvv, int rm)
    {
        // With a register operand, EVEX.X carries bit 4 of rm's number (zmm16–31) and EVEX.B bit 3.
        Evex(map, prefix, reg, vvvv, rm >> 3, rm >> 4);
        Byte(opcode);
        Byte(0xC0 | ((reg & 7) << 3) | (rm & 7));
    }

    private void EvexMemory(OpcodeMap map, Prefix prefix, int opcode, int reg, int vvvv, Memory memory)
    {
        Evex(map, prefix, reg, vvvv, memory.Base >> 3, memory.Index < 0 ? 0 : memory.Index >> 3);
        Byte(opcode);
        ModRmMemory(reg, memory);
    }

    /// <summary>
    /// The four-byte EVEX prefix for a 512-bit, unmasked, W0 instruction: 62, then R X B R' 0 0 m m, then W vvvv 1 p p,
    /// then z L'L b V' a a a, where R, X, B, R', vvvv and V' are stored inverted.
    /// </summary>
    private void Evex(OpcodeMap map, Prefix prefix, int reg, int vvvv, int bBit, int xBit)
    {
        Byte(0x62);
        Byte(((~reg >> 3 & 1) << 7) | ((~xBit & 1) << 6) | ((~bBit & 1) << 5) | ((~reg >> 4 & 1) << 4) | (int)map);
        Byte(((~vvvv & 15) << 3) | 0b100 | (int)prefix);
        Byte((0b10 << 5) | ((~vvvv >> 4 & 1) << 3));
    }

    /// <summary>ModRM (mod = 10: disp32) and, where an index or an rsp/r12 base needs it, the SIB byte.</summary>
    private void ModRmMemory(int reg, Memory memory)
    {
        if (memory.Index == 4)
        {
            throw new ArgumentException("rsp cannot be an index register.", nameof(memory));
        }

        if (memory.Index >= 0 || (memory.Base & 7) == 4)
        {
            Byte(0b10_000_100 | ((reg & 7) << 3));
            var scale = memory.Scale switch
            {
                1 => 0,
                2 => 1,
                4 => 2,
                8 => 3,
                _ => throw new ArgumentException($"Scale {memory.Scale} is not 1, 2, 4 or 8.", nameof(memory)),
            };
            Byte((scale << 6) | ((memory.Index < 0 ? 4 : memory.Index & 7) << 3) | (memory.Base & 7));
        }
        else
        {
            Byte(0b10_000_000 | ((reg & 7) << 3) | (memory.Base & 7));
        }

        Dword(memory.Displacement);
    }

    /// <summary>REX.W with R, X and B from bit 3 of the three register numbers.</summary>
    private void Rex(int reg, int index, int rm) => Byte(0x48 | ((reg >> 3 & 1) << 2) | ((index >> 3 & 1) << 1) | (rm >> 3 & 1));

    private void Byte(int value) => code.Add((byte)value);

    private void Dword(int value)
    {
        Byte(value);
        Byte(value >> 8);
        Byte(value >> 16);
        Byte(value >> 24);
    }
}
