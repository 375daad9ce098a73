using System.Buffers.Binary;
using System.Text;

namespace Toolkit.Bench.TorchSharp.Native;

/// <summary>
/// Edits one imported symbol of a 64-bit little-endian ELF shared library in place, without patchelf or a compiler:
/// the import's name in <c>.dynstr</c> is overwritten with another function's (no longer, so nothing moves), its
/// version in <c>.gnu.version</c> is cleared (an unversioned reference binds to the provider's default version), and a
/// version requirement in <c>.gnu.version_r</c> is marked weak (<c>VER_FLG_WEAK</c>), so the loader accepts a provider
/// that lacks it. Only undefined symbols are renamed: they are absent from <c>.gnu.hash</c>, which therefore stays valid.
/// </summary>
public static class ElfImportPatch
{
    private const uint SectionDynamic = 6; // SHT_DYNAMIC
    private const uint SectionDynamicSymbols = 11; // SHT_DYNSYM
    private const uint SectionVersionNeeds = 0x6ffffffe; // SHT_GNU_verneed
    private const uint SectionVersionSymbols = 0x6fffffff; // SHT_GNU_versym
    private const ushort VersionGlobal = 1; // VER_NDX_GLOBAL: no version
    private const ushort VersionWeak = 0x2; // VER_FLG_WEAK
    private const int SymbolSize = 24; // sizeof(Elf64_Sym)
    private const ulong DynamicNeeded = 1, DynamicSoname = 14, DynamicRpath = 15, DynamicRunpath = 29; // DT_* naming a .dynstr string

    /// <summary>True when the library imports <paramref name="symbol"/> (undefined in its dynamic symbol table).</summary>
    /// <exception cref="InvalidDataException">The bytes are not a 64-bit little-endian ELF file with a dynamic symbol table.</exception>
    public static bool Imports(ReadOnlySpan<byte> image, string symbol) => new Layout(image).FindImport(image, symbol) >= 0;

    /// <summary>
    /// Renames the import <paramref name="symbol"/> to <paramref name="replacement"/>, clears its version, and marks the
    /// requirement <paramref name="weakVersion"/> weak.
    /// </summary>
    /// <exception cref="InvalidDataException">
    /// The file is not such an ELF file, does not import the symbol or require the version, the replacement is longer
    /// than the symbol, or another name shares the bytes the replacement overwrites.
    /// </exception>
    public static void Apply(Span<byte> image, string symbol, string replacement, string weakVersion)
    {
        var layout = new Layout(image);
        var index = layout.FindImport(image, symbol);
        if (index < 0)
        {
            throw new InvalidDataException($"ELF patch: expected an import of '{symbol}'; the dynamic symbol table has none.");
        }

        if (replacement.Length > symbol.Length)
        {
            throw new InvalidDataException($"ELF patch: the replacement '{replacement}' is longer than '{symbol}'; names are overwritten in place.");
        }

        var nameOffset = layout.SymbolNameOffset(image, index);
        var overwritten = (First: nameOffset + 1, Last: nameOffset + replacement.Length);
        foreach (var reference in layout.StringReferences(image))
        {
            if (reference >= overwritten.First && reference <= overwritten.Last)
            {
                throw new InvalidDataException($"ELF patch: another name shares the bytes of '{symbol}' in .dynstr (offset {reference}); it cannot be renamed in place.");
            }
        }

        var requirement = layout.FindRequirementFlags(image, weakVersion);
        if (requirement < 0)
        {
            throw new InvalidDataException($"ELF patch: expected a requirement of version '{weakVersion}'; .gnu.version_r has none.");
        }

        var name = image.Slice(layout.Strings.Offset + nameOffset, replacement.Length + 1);
        Encoding.ASCII.GetBytes(replacement, name);
        name[^1] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(image.Slice(layout.Versions.Offset + (index * 2), 2), VersionGlobal);
        var flags = image.Slice(requirement, 2);
        BinaryPrimitives.WriteUInt16LittleEndian(flags, (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(flags) | VersionWeak));
    }

    /// <summary>True when the requirement of <paramref name="version"/> is marked weak; false when it is strict or absent.</summary>
    internal static bool IsWeak(ReadOnlySpan<byte> image, string version)
    {
        var flags = new Layout(image).FindRequirementFlags(image, version);
        return flags >= 0 && (Read16(image, flags) & VersionWeak) != 0;
    }

    private readonly record struct Region(int Offset, int Length);

    /// <summary>Where the dynamic symbols, their names, their versions and the version needs lie in the file.</summary>
    private readonly ref struct Layout
    {
        public Layout(ReadOnlySpan<byte> image)
        {
            if (image.Length < 64 || !image[..4].SequenceEqual("\u007fELF"u8) || image[4] != 2 || image[5] != 1)
            {
                throw new InvalidDataException("ELF patch: expected a 64-bit little-endian ELF file; received other bytes.");
            }

            var sectionTable = Read64(image, 0x28);
            var entrySize = Read16(image, 0x3a);
            var count = Read16(image, 0x3c);
            Region symbols = default, strings = default, versions = default, needs = default, dynamic = default;
            for (var s = 0; s < count; s++)
            {
                var header = checked((int)sectionTable + (s * entrySize));
                var type = Read32(image, header + 4);
                var region = Section(image, header);
                if (type == SectionDynamicSymbols)
                {
                    symbols = region;
                    strings = Section(image, checked((int)sectionTable + ((int)Read32(image, header + 40) * entrySize)));
                }
                else if (type == SectionVersionSymbols)
                {
                    versions = region;
                }
                else if (type == SectionVersionNeeds)
                {
                    needs = region;
                }
                else if (type == SectionDynamic)
                {
                    dynamic = region;
                }
            }

            if (symbols.Length == 0 || strings.Length == 0 || versions.Length == 0)
            {
                throw new InvalidDataException("ELF patch: expected .dynsym, .dynstr and .gnu.version sections; the file lacks one.");
            }

            Symbols = symbols;
            Strings = strings;
            Versions = versions;
            Needs = needs;
            Dynamic = dynamic;
        }

        public Region Symbols { get; }

        public Region Strings { get; }

        public Region Versions { get; }

        public Region Needs { get; }

        public Region Dynamic { get; }

        public int SymbolNameOffset(ReadOnlySpan<byte> image, int index) => (int)Read32(image, Symbols.Offset + (index * SymbolSize));

        /// <returns>The index of the undefined symbol named <paramref name="symbol"/>, or -1.</returns>
        public int FindImport(ReadOnlySpan<byte> image, string symbol)
        {
            var wanted = Encoding.ASCII.GetBytes(symbol);
            for (var i = 1; i < Symbols.Length / SymbolSize; i++)
            {
                var undefined = Read16(image, Symbols.Offset + (i * SymbolSize) + 6) == 0;
                if (undefined && NameEquals(image, SymbolNameOffset(image, i), wanted))
                {
                    return i;
                }
            }

            return -1;
        }

        /// <returns>The file offset of the <c>vna_flags</c> of the requirement named <paramref name="version"/>, or -1.</returns>
        public int FindRequirementFlags(ReadOnlySpan<byte> image, string version)
        {
            var wanted = Encoding.ASCII.GetBytes(version);
            foreach (var aux in Requirements(image))
            {
                if (NameEquals(image, (int)Read32(image, aux + 8), wanted))
                {
                    return aux + 4;
                }
            }

            return -1;
        }

        /// <summary>Every offset into <c>.dynstr</c> the symbol and version tables hold.</summary>
        public List<int> StringReferences(ReadOnlySpan<byte> image)
        {
            var references = new List<int>();
            for (var i = 1; i < Symbols.Length / SymbolSize; i++)
            {
                references.Add(SymbolNameOffset(image, i));
            }

            foreach (var need in NeedEntries(image))
            {
                references.Add((int)Read32(image, need + 4));
            }

            foreach (var aux in Requirements(image))
            {
                references.Add((int)Read32(image, aux + 8));
            }

            for (var entry = Dynamic.Offset; entry + 16 <= Dynamic.Offset + Dynamic.Length; entry += 16)
            {
                if (Read64(image, entry) is DynamicNeeded or DynamicSoname or DynamicRpath or DynamicRunpath)
                {
                    references.Add((int)Read64(image, entry + 8));
                }
            }

            return references;
        }

        /// <summary>The file offsets of the <c>Elf64_Verneed</c> entries (one per library).</summary>
        private List<int> NeedEntries(ReadOnlySpan<byte> image)
        {
            var entries = new List<int>();
            for (var need = Needs.Offset; Needs.Length > 0 && entries.Count < 1_000; need += (int)Read32(image, need + 12))
            {
                entries.Add(need);
                if (Read32(image, need + 12) == 0)
                {
                    break;
                }
            }

            return entries;
        }

        /// <summary>The file offsets of every <c>Elf64_Vernaux</c> entry (one per required version).</summary>
        private List<int> Requirements(ReadOnlySpan<byte> image)
        {
            var entries = new List<int>();
            foreach (var need in NeedEntries(image))
            {
                var aux = need + (int)Read32(image, need + 8);
                for (var a = 0; a < Read16(image, need + 2); a++)
                {
                    entries.Add(aux);
                    aux += (int)Read32(image, aux + 12);
                }
            }

            return entries;
        }

        private bool NameEquals(ReadOnlySpan<byte> image, int offset, byte[] wanted)
        {
            var start = Strings.Offset + offset;
            return offset >= 0 && start + wanted.Length < Strings.Offset + Strings.Length
                && image.Slice(start, wanted.Length).SequenceEqual(wanted) && image[start + wanted.Length] == 0;
        }

        private static Region Section(ReadOnlySpan<byte> image, int header)
        {
            var offset = Read64(image, header + 24);
            var size = Read64(image, header + 32);
            if (offset + size > (ulong)image.Length)
            {
                throw new InvalidDataException($"ELF patch: a section ends at byte {offset + size}, past the file's {image.Length}; the file is truncated.");
            }

            return new Region((int)offset, (int)size);
        }
    }

    private static ushort Read16(ReadOnlySpan<byte> image, int at) => BinaryPrimitives.ReadUInt16LittleEndian(Checked(image, at, 2));

    private static uint Read32(ReadOnlySpan<byte> image, int at) => BinaryPrimitives.ReadUInt32LittleEndian(Checked(image, at, 4));

    private static ulong Read64(ReadOnlySpan<byte> image, int at) => BinaryPrimitives.ReadUInt64LittleEndian(Checked(image, at, 8));

    private static ReadOnlySpan<byte> Checked(ReadOnlySpan<byte> image, int at, int length) =>
        at >= 0 && at + length <= image.Length
            ? image.Slice(at, length)
            : throw new InvalidDataException($"ELF patch: a table points to byte {at}, outside the file's {image.Length}; the file is truncated or not ELF.");
}
