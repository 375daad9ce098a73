using System.Text;
using Toolkit.Kernels.Tensors;
using Toolkit.Serialization.Errors;
using Toolkit.Serialization.Formats;
using Toolkit.Serialization.Protos.TensorFlow;
using Toolkit.Serialization.Protos.TensorFlowServing;

namespace Toolkit.Serialization.Tests.Formats;

public class BadInputTests
{
    private static readonly InferenceMessage Message = new("m", [new("x", Tensor.From<float>([1.5f, -2f], 1, 2))]);

    [Theory]
    [InlineData("{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1,2],\"data\":[1.5,-2]}", "expected")]
    [InlineData("{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1,2],\"data\":[1.5,NaN]}]}", "NaN and Infinity")]
    [InlineData("{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1,2],\"data\":[1.5,1e39]}]}", "beyond float32's range")]
    [InlineData("{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1,2],\"data\":[1.5 -2]}]}", "expected ','")]
    [InlineData("{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"data\":[1.5,-2]}]}", "\"shape\" is missing")]
    [InlineData("{\"outputs\":[]}", "must have an \"inputs\" array")]
    [InlineData("{\"inputs\":[]} x", "expected the end of the document")]
    [InlineData("{\"inputs\":[]}", "at least one tensor")]
    [InlineData("", "expected '{'")]
    public void Malformed_kserve_json(string json, string problem)
    {
        var error = Assert.Throws<MalformedPayloadException>(() => new KServeJsonFormat().Decode(Encoding.UTF8.GetBytes(json), MessageKind.Request, DecodeOptions.Default));
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shape_and_data_length_disagree()
    {
        var json = "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1,3],\"data\":[1.5,-2]}]}"u8.ToArray();
        var error = Assert.Throws<TensorShapeMismatchException>(() => new KServeJsonFormat().Decode(json, MessageKind.Request, DecodeOptions.Default));
        Assert.Contains("must hold 3 elements", error.Message, StringComparison.Ordinal);
        Assert.Contains("received 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_kserve_datatype()
    {
        var json = "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP8\",\"shape\":[1,2],\"data\":[1.5,-2]}]}"u8.ToArray();
        var error = Assert.Throws<UnknownDataTypeException>(() => new KServeJsonFormat().Decode(json, MessageKind.Request, DecodeOptions.Default));
        Assert.Contains("received 'FP8'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_tensorflow_dtype()
    {
        var request = new PredictRequest { ModelSpec = new ModelSpec { Name = "m" } };
        request.Inputs.Add("x", new TensorProto { Dtype = Protos.TensorFlow.DataType.DtString, TensorShape = new TensorShapeProto() });
        var error = Assert.Throws<UnknownDataTypeException>(() => new TfServingGrpcFormat().Decode(Google.Protobuf.MessageExtensions.ToByteArray(request), MessageKind.Request, DecodeOptions.Default));
        Assert.Contains("DtString", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kserve_grpc")]
    [InlineData("tfserving_grpc")]
    public void Truncated_protobuf(string formatName)
    {
        var format = WireFormats.Get(formatName);
        var bytes = format.Encode(Message, MessageKind.Request);
        for (var length = 1; length < bytes.Length; length++)
        {
            Assert.ThrowsAny<PayloadException>(() => format.Decode(bytes.AsSpan(0, length), MessageKind.Request, DecodeOptions.Default));
        }
    }

    [Fact]
    public void Protobuf_tensor_whose_shape_does_not_match_its_bytes()
    {
        var bytes = new KServeGrpcFormat().Encode(Message, MessageKind.Request);
        bytes[17] = 0x03; // shape [1,2] becomes [1,3]
        var error = Assert.Throws<TensorShapeMismatchException>(() => new KServeGrpcFormat().Decode(bytes, MessageKind.Request, DecodeOptions.Default));
        Assert.Contains("must be 12 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ragged_tf_serving_json()
    {
        var error = Assert.Throws<TensorShapeMismatchException>(() =>
            new TfServingJsonFormat().Decode("{\"inputs\":[[1,2],[3]]}"u8, MessageKind.Request, DecodeOptions.Default));
        Assert.Contains("ragged", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tf_serving_json_with_a_shape_other_than_the_signature()
    {
        var options = new DecodeOptions([new TensorSpec("x", Kernels.Tensors.DataType.Float32, [1, 3])]);
        var error = Assert.Throws<TensorShapeMismatchException>(() =>
            new TfServingJsonFormat().Decode("{\"inputs\":[[1,2]]}"u8, MessageKind.Request, options));
        Assert.Contains("must have shape [1,3]; received [1,2]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Uint8_value_out_of_range()
    {
        var options = new DecodeOptions([new TensorSpec("x", Kernels.Tensors.DataType.UInt8, [2])]);
        var error = Assert.Throws<MalformedPayloadException>(() => new TfServingJsonFormat().Decode("{\"inputs\":[1,256]}"u8, MessageKind.Request, options));
        Assert.Contains("outside the element type's range [0, 255]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KServe_binary_size_that_disagrees_with_the_shape()
    {
        var body = KServeBinaryFormat.EncodeWithHeaderLength(Message, MessageKind.Request, out var headerLength);
        var text = Encoding.UTF8.GetString(body, 0, headerLength).Replace("\"binary_data_size\":8", "\"binary_data_size\":4", StringComparison.Ordinal);
        byte[] corrupted = [.. Encoding.UTF8.GetBytes(text), .. body.AsSpan(headerLength)];
        var error = Assert.Throws<TensorShapeMismatchException>(() => new KServeBinaryFormat().Decode(corrupted, MessageKind.Request, DecodeOptions.Default));
        Assert.Contains("binary_data_size must be 8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KServe_binary_with_a_wrong_header_length()
    {
        var body = KServeBinaryFormat.EncodeWithHeaderLength(Message, MessageKind.Request, out var headerLength);
        Assert.Throws<MalformedPayloadException>(() => new KServeBinaryFormat().Decode(body, MessageKind.Request, DecodeOptions.Default, headerLength - 1));
        Assert.Equal(2, new KServeBinaryFormat().Decode(body, MessageKind.Request, DecodeOptions.Default, headerLength).Tensors[0].Tensor.Length);
    }

    [Fact]
    public void Every_format_refuses_a_payload_over_the_limit()
    {
        var options = new DecodeOptions(MaxPayloadBytes: 16);
        foreach (var format in WireFormats.All)
        {
            var bytes = format.Encode(Message, MessageKind.Request);
            var error = Assert.Throws<PayloadTooLargeException>(() => format.Decode(bytes, MessageKind.Request, options));
            Assert.Contains($"at most 16 bytes; received {bytes.Length}", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_shape_whose_data_would_exceed_the_limit_is_refused_before_allocating()
    {
        var json = "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[2000000000,2000000000],\"data\":[]}]}"u8.ToArray();
        Assert.Throws<PayloadTooLargeException>(() => new KServeJsonFormat().Decode(json, MessageKind.Request, DecodeOptions.Default));
    }
}
