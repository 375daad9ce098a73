using Toolkit.Kernels.Tensors;
using Toolkit.Serialization.Errors;
using Toolkit.Serialization.Formats;
using Toolkit.Serialization.Tests.Infrastructure;

namespace Toolkit.Serialization.Tests.Formats;

/// <summary>Mutated payloads fed to every decoder: the only exception allowed is a <see cref="PayloadException"/>,
/// and whatever decodes must be whole, self-consistent tensors.</summary>
public class MutationFuzzTests
{
    // Per format and message kind; about 1 s in all.
    private const int Mutations = 4000;

    public static TheoryData<string> Formats() => [.. WireFormats.All.Select(f => f.Name)];

    [Theory]
    [MemberData(nameof(Formats))]
    public void Mutated_payloads_throw_only_payload_exceptions(string formatName)
    {
        var format = WireFormats.Get(formatName);
        var message = new InferenceMessage("model",
        [
            new("ids", Tensor.From<int>([101, 2023, 102, 0], 1, 4)),
            Messages.Small(DataType.Float32, 2, 3).Tensors[0],
            new("half", Messages.Small(DataType.Float16, 3).Tensors[0].Tensor),
        ]);
        var random = new Random(formatName.Length * 7919);
        foreach (var kind in (MessageKind[])[MessageKind.Request, MessageKind.Response])
        {
            var original = format.Encode(message, kind);
            for (var n = 0; n < Mutations; n++)
            {
                var mutated = Mutate(original, random);
                foreach (var options in (DecodeOptions[])[DecodeOptions.Default, Messages.OptionsFor(message)])
                {
                    try
                    {
                        var decoded = format.Decode(mutated, kind, options);
                        foreach (var (_, tensor) in decoded.Tensors)
                        {
                            Assert.Equal(Tensor.ElementCount(tensor.Shape) * tensor.DataType.Size(), tensor.Data.LongLength);
                        }
                    }
                    catch (PayloadException)
                    {
                    }
                    catch (Exception error)
                    {
                        Assert.Fail($"{formatName} {kind} threw {error.GetType().Name} on mutation {n}: {error.Message}\n{Convert.ToHexString(mutated)}");
                    }
                }
            }
        }
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = original.ToList();
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0: bytes[at] = (byte)random.Next(256); break;
                case 1: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 2: bytes.RemoveAt(at); break;
                case 3: bytes.Insert(at, "{}[],:\"0-e.9"u8[random.Next(12)]); break;
                default: bytes.RemoveRange(at, bytes.Count - at); break;
            }
        }

        return [.. bytes];
    }
}
