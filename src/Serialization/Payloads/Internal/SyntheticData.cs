namespace Toolkit.Serialization.Payloads.Internal;

/// <summary>The value generators behind <see cref="PayloadGenerator"/>: realistic ranges, not white noise.</summary>
internal static class SyntheticData
{
    // A handful of low-frequency waves per channel gives a smooth picture with gradients and blobs, as a photo has.
    private const int WavesPerChannel = 4;

    /// <summary>An NHWC picture of pixel levels 0..255 made of smooth waves and a gradient.</summary>
    public static byte[] ImageLevels(int height, int width, ulong seed)
    {
        var random = new SplitMix64(seed);
        var waves = new (double Fx, double Fy, double Phase, double Amplitude)[3 * WavesPerChannel];
        for (var i = 0; i < waves.Length; i++)
        {
            // At most about 4 periods across the picture: smooth at any resolution.
            waves[i] = (random.NextDouble() * 4 * Math.PI, random.NextDouble() * 4 * Math.PI, random.NextDouble() * 2 * Math.PI, 0.3 + (random.NextDouble() * 0.7));
        }

        var levels = new byte[height * width * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    double sum = 0, norm = 0;
                    for (var w = 0; w < WavesPerChannel; w++)
                    {
                        var (fx, fy, phase, amplitude) = waves[(c * WavesPerChannel) + w];
                        sum += amplitude * Math.Sin((fx * x / width) + (fy * y / height) + phase);
                        norm += amplitude;
                    }

                    var value = 0.5 + (0.45 * sum / norm) + (0.05 * ((double)(x + y) / (width + height) - 0.5));
                    levels[(((y * width) + x) * 3) + c] = (byte)Math.Clamp(Math.Round(value * 255), 0, 255);
                }
            }
        }

        return levels;
    }

    /// <summary>A softmax over <paramref name="classes"/> logits with a few confident classes, as a classifier gives.</summary>
    public static float[] Softmax(int classes, ulong seed)
    {
        var random = new SplitMix64(seed);
        var logits = new double[classes];
        for (var i = 0; i < classes; i++)
        {
            logits[i] = 1.5 * random.NextGaussian();
        }

        for (var peak = 0; peak < Math.Min(3, classes); peak++)
        {
            // A top class near 0.8 and two runners-up, like a trained classifier on a clear picture.
            logits[random.Next(0, classes)] += 10 - (3 * peak);
        }

        var max = logits.Max();
        var sum = logits.Sum(l => Math.Exp(l - max));
        return [.. logits.Select(l => (float)(Math.Exp(l - max) / sum))];
    }

    /// <summary>YOLOv5's raw detections: per candidate x, y, w, h in pixels on its grid cell, objectness and 80
    /// sigmoid class scores, mostly low with a few objects.</summary>
    public static float[] YoloDetections(ulong seed)
    {
        const int ImageSize = 640;
        var random = new SplitMix64(seed);
        var output = new float[PaperModels.YoloCandidates * PaperModels.YoloRowLength];
        var row = 0;
        foreach (var stride in (ReadOnlySpan<int>)[8, 16, 32])
        {
            var cells = ImageSize / stride;
            for (var anchor = 0; anchor < 3; anchor++)
            {
                for (var gy = 0; gy < cells; gy++)
                {
                    for (var gx = 0; gx < cells; gx++, row++)
                    {
                        var values = output.AsSpan(row * PaperModels.YoloRowLength, PaperModels.YoloRowLength);
                        values[0] = (float)((gx + random.NextDouble()) * stride);
                        values[1] = (float)((gy + random.NextDouble()) * stride);
                        values[2] = (float)(stride * (1 + anchor) * (0.5 + (2 * random.NextDouble())));
                        values[3] = (float)(stride * (1 + anchor) * (0.5 + (2 * random.NextDouble())));
                        var isObject = random.NextDouble() < 0.002;
                        values[4] = Sigmoid(isObject ? 2 + random.NextGaussian() : -7 + (2 * random.NextGaussian()));
                        for (var k = 5; k < PaperModels.YoloRowLength; k++)
                        {
                            values[k] = Sigmoid(-6 + (2 * random.NextGaussian()));
                        }

                        if (isObject)
                        {
                            values[5 + random.Next(0, 80)] = Sigmoid(3 + random.NextGaussian());
                        }
                    }
                }
            }
        }

        return output;
    }

    /// <summary>A tokenized movie review: [CLS] word pieces [SEP], zero padding, mask 1 over the tokens, one segment.</summary>
    public static (int[] Ids, int[] Mask, int[] Segments) BertReview(int length, ulong seed)
    {
        const int Cls = 101, Sep = 102, FirstWordPiece = 1996, VocabularySize = 30522;
        var random = new SplitMix64(seed);
        var tokens = random.Next(120, 380); // IMDb reviews run 100 to 400 word pieces typically
        var ids = new int[length];
        var mask = new int[length];
        ids[0] = Cls;
        for (var i = 1; i <= tokens; i++)
        {
            // Frequent words (low ids) dominate, as in real text: square a uniform to skew towards the start.
            var u = random.NextDouble();
            ids[i] = FirstWordPiece + (int)(u * u * (VocabularySize - FirstWordPiece));
        }

        ids[tokens + 1] = Sep;
        mask.AsSpan(0, tokens + 2).Fill(1);
        return (ids, mask, new int[length]);
    }

    private static float Sigmoid(double x) => (float)(1 / (1 + Math.Exp(-x)));
}
