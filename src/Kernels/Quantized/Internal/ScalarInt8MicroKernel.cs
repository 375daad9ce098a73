namespace Toolkit.Kernels.Quantized.Internal;

/// <summary>The scalar tier: plain integer multiply-adds in the packed layout, the reference the vector tiers equal.</summary>
internal unsafe struct ScalarInt8MicroKernel : IInt8MicroKernel
{
    public static Int8Isa Isa => Int8Isa.Scalar;

    public static int Rows => 4;

    public static int Columns => 16;

    public static void Run(nint groups, byte* a, nint lda, sbyte* panel, int* tile)
    {
        for (var row = 0; row < Rows; row++)
        {
            var activations = a + (row * lda);
            for (var column = 0; column < Columns; column++)
            {
                var sum = 0;
                var weights = panel + (column * 4);
                for (nint group = 0; group < groups; group++)
                {
                    var x = activations + (group * 4);
                    var w = weights + (group * Columns * 4);
                    sum += (x[0] * w[0]) + (x[1] * w[1]) + (x[2] * w[2]) + (x[3] * w[3]);
                }

                tile[(row * Columns) + column] = sum;
            }
        }
    }
}
