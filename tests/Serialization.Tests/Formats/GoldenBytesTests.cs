using System.Text;
using Toolkit.Kernels.Tensors;
using Toolkit.Serialization.Formats;

namespace Toolkit.Serialization.Tests.Formats;

/// <summary>Wire compatibility pinned byte for byte: the encodings of FP32 [1,2] = [1.5, -2] named "x" for model
/// "m", worked out by hand from the protobuf encoding rules and the published field numbers.</summary>
public class GoldenBytesTests
{
    private static readonly InferenceMessage Message = new("m", [new("x", Tensor.From<float>([1.5f, -2f], 1, 2))]);

    // 1.5f = 0x3FC00000 and -2f = 0xC0000000, little-endian.
    private static readonly byte[] TensorBytes = [0x00, 0x00, 0xC0, 0x3F, 0x00, 0x00, 0x00, 0xC0];

    [Fact]
    public void KServe_grpc_request()
    {
        byte[] expected =
        [
            0x0A, 0x01, (byte)'m',                          // 1: model_name "m"
            0x2A, 0x0D,                                     // 5: inputs, 13 bytes
            0x0A, 0x01, (byte)'x',                          //   1: name "x"
            0x12, 0x04, (byte)'F', (byte)'P', (byte)'3', (byte)'2', // 2: datatype "FP32"
            0x1A, 0x02, 0x01, 0x02,                         //   3: shape [1,2], packed
            0x3A, 0x08, .. TensorBytes,                     // 7: raw_input_contents
        ];
        Assert.Equal(expected, new KServeGrpcFormat().Encode(Message, MessageKind.Request));
    }

    [Fact]
    public void KServe_grpc_response()
    {
        byte[] expected =
        [
            0x0A, 0x01, (byte)'m',                          // 1: model_name
            0x2A, 0x0D, 0x0A, 0x01, (byte)'x', 0x12, 0x04, (byte)'F', (byte)'P', (byte)'3', (byte)'2', 0x1A, 0x02, 0x01, 0x02, // 5: outputs
            0x32, 0x08, .. TensorBytes,                     // 6: raw_output_contents
        ];
        Assert.Equal(expected, new KServeGrpcFormat().Encode(Message, MessageKind.Response));
    }

    [Fact]
    public void TfServing_grpc_request()
    {
        byte[] expected =
        [
            0x0A, 0x14,                                     // 1: model_spec, 20 bytes
            0x0A, 0x01, (byte)'m',                          //   1: name
            0x1A, 0x0F, .. "serving_default"u8,             //   3: signature_name
            0x12, 0x1B,                                     // 2: inputs map entry, 27 bytes
            0x0A, 0x01, (byte)'x',                          //   1: key
            0x12, 0x16,                                     //   2: value TensorProto, 22 bytes
            0x08, 0x01,                                     //     1: dtype DT_FLOAT
            0x12, 0x08, 0x12, 0x02, 0x08, 0x01, 0x12, 0x02, 0x08, 0x02, // 2: tensor_shape, dims 1 and 2
            0x22, 0x08, .. TensorBytes,                     //     4: tensor_content
        ];
        Assert.Equal(expected, new TfServingGrpcFormat().Encode(Message, MessageKind.Request));
    }

    [Fact]
    public void TfServing_grpc_response_puts_outputs_first_as_field_1()
    {
        var bytes = new TfServingGrpcFormat().Encode(Message, MessageKind.Response);
        // Fields are written in number order: outputs (1) before model_spec (2).
        Assert.Equal(new byte[] { 0x0A, 0x1B, 0x0A, 0x01, (byte)'x', 0x12, 0x16 }, bytes[..7]);
        Assert.Equal(new byte[] { 0x12, 0x14, 0x0A, 0x01, (byte)'m' }, bytes[29..34]);
    }

    [Theory]
    [InlineData("kserve_json", MessageKind.Request, "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1,2],\"data\":[1.5,-2]}]}")]
    [InlineData("kserve_json", MessageKind.Response, "{\"model_name\":\"m\",\"outputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1,2],\"data\":[1.5,-2]}]}")]
    [InlineData("tfserving_json", MessageKind.Request, "{\"inputs\":[[1.5,-2]]}")]
    [InlineData("tfserving_json", MessageKind.Response, "{\"outputs\":[[1.5,-2]]}")]
    [InlineData("tfserving_json_paper", MessageKind.Request, "{\"inputs\": [[1.5, -2.0]]}")]
    public void Json_documents(string formatName, MessageKind kind, string expected) =>
        Assert.Equal(expected, Encoding.UTF8.GetString(WireFormats.Get(formatName).Encode(Message, kind)));

    [Fact]
    public void KServe_binary_request_is_the_json_header_then_the_raw_bytes()
    {
        const string Header = "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1,2],\"parameters\":{\"binary_data_size\":8}}]}";
        var body = KServeBinaryFormat.EncodeWithHeaderLength(Message, MessageKind.Request, out var headerLength);
        Assert.Equal(Header.Length, headerLength);
        Assert.Equal([.. Encoding.UTF8.GetBytes(Header), .. TensorBytes], body);
    }

    [Fact]
    public void Paper_json_writes_python_reprs_of_widened_floats()
    {
        var message = new InferenceMessage("m", [new("x", Tensor.From<float>([1f / 255f, 0.1f, 1e-5f, 100f, 0f, 3e20f], 6))]);
        Assert.Equal(
            "{\"inputs\": [0.003921568859368563, 0.10000000149011612, 9.999999747378752e-06, 100.0, 0.0, 3.000000060122632e+20]}",
            Encoding.UTF8.GetString(new TfServingJsonPaperFormat().Encode(message, MessageKind.Request)));
    }

    [Fact]
    public void Multi_input_tf_serving_json_is_an_object_of_named_tensors()
    {
        var message = new InferenceMessage("bert",
        [
            new("input_ids", Tensor.From<int>([101, 102], 1, 2)),
            new("input_masks", Tensor.From<int>([1, 1], 1, 2)),
        ]);
        Assert.Equal(
            "{\"inputs\":{\"input_ids\":[[101,102]],\"input_masks\":[[1,1]]}}",
            Encoding.UTF8.GetString(new TfServingJsonFormat().Encode(message, MessageKind.Request)));
    }
}
