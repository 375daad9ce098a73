namespace Toolkit.Serialization.Payloads;

/// <summary>The four models of the paper's Table 2.</summary>
public enum PaperModel
{
    MobileNetV1,
    InceptionV3,
    YoloV5,
    Bert,
}
