using System.Text;
using Toolkit.Kernels.Tensors;
using Toolkit.Serialization.Errors;
using Toolkit.Serialization.Formats;

namespace Toolkit.Serialization.Tests.Formats;

/// <summary>TF-Serving's REST row format, <c>{"instances": [...]}</c>, which both TF-Serving JSON formats decode.</summary>
public class TfServingInstancesTests
{
    public static TheoryData<string> Formats => ["tfserving_json", "tfserving_json_paper"];

    [Theory]
    [MemberData(nameof(Formats))]
    public void Rows_of_the_lone_input_stack_along_a_new_first_dimension(string format)
    {
        var message = Decode(format, "{\"signature_name\": \"serving_default\", \"instances\": [[[1, 2], [3, 4]], [[5, 6], [7, 8.5]]]}");
        var tensor = Assert.Single(message.Tensors).Tensor;
        Assert.Equal([2, 2, 2], tensor.Shape);
        Assert.Equal([1f, 2, 3, 4, 5, 6, 7, 8.5f], tensor.AsSpan<float>().ToArray());
    }

    [Fact]
    public void Scalar_rows_make_a_vector()
    {
        var tensor = Assert.Single(Decode("tfserving_json", "{\"instances\":[1,2,3]}").Tensors).Tensor;
        Assert.Equal([3], tensor.Shape);
        Assert.Equal([1f, 2, 3], tensor.AsSpan<float>().ToArray());
    }

    [Fact]
    public void Object_rows_give_one_tensor_per_named_input()
    {
        var message = Decode("tfserving_json", "{\"instances\":[{\"image\":[1,2],\"scale\":0.5},{\"scale\":0.25,\"image\":[3,4]}]}");
        Assert.Equal(["image", "scale"], message.Tensors.Select(t => t.Name));
        Assert.Equal([2, 2], message.Tensors[0].Tensor.Shape);
        Assert.Equal([1f, 2, 3, 4], message.Tensors[0].Tensor.AsSpan<float>().ToArray());
        Assert.Equal([2], message.Tensors[1].Tensor.Shape);
        Assert.Equal([0.5f, 0.25f], message.Tensors[1].Tensor.AsSpan<float>().ToArray());
    }

    [Fact]
    public void Types_and_the_lone_name_come_from_the_signature()
    {
        var options = new DecodeOptions([new TensorSpec("input_ids", DataType.Int32, [2, 3])]);
        var tensor = Assert.Single(new TfServingJsonFormat().Decode("{\"instances\":[[101,2023,102],[101,0,0]]}"u8, MessageKind.Request, options).Tensors);
        Assert.Equal("input_ids", tensor.Name);
        Assert.Equal(DataType.Int32, tensor.Tensor.DataType);
        Assert.Equal([101, 2023, 102, 101, 0, 0], tensor.Tensor.AsSpan<int>().ToArray());
    }

    [Fact]
    public void Rows_decode_to_the_same_tensor_as_the_columnar_form()
    {
        var values = Enumerable.Range(0, 2 * 3 * 70).Select(i => i / 255f).ToArray();
        var columnar = new InferenceMessage("", [new NamedTensor("inputs", Tensor.From<float>(values, 2, 3, 70))]);
        var text = Encoding.ASCII.GetString(new TfServingJsonFormat().Encode(columnar, MessageKind.Request));
        var rows = "{\"instances\"" + text["{\"inputs\"".Length..];
        var tensor = Assert.Single(Decode("tfserving_json", rows).Tensors).Tensor;
        Assert.Equal([2, 3, 70], tensor.Shape);
        Assert.Equal(values.Select(BitConverter.SingleToUInt32Bits), tensor.AsSpan<float>().ToArray().Select(BitConverter.SingleToUInt32Bits));
    }

    [Fact]
    public void Responses_read_predictions_rows()
    {
        var message = new TfServingJsonFormat().Decode("{\"predictions\":[[0.1,0.9],[0.7,0.3]]}"u8, MessageKind.Response, DecodeOptions.Default);
        Assert.Equal([2, 2], Assert.Single(message.Tensors).Tensor.Shape);
    }

    [Theory]
    [InlineData("{\"instances\":{\"x\":[1]}}", "\"instances\" must be a JSON array of rows; found '{'")]
    [InlineData("{\"instances\":7}", "\"instances\" must be a JSON array of rows")]
    [InlineData("{\"instances\":[]}", "\"instances\" must hold at least one row; received 0")]
    [InlineData("{\"instances\":[[1,2],[3]]}", "\"instances\"[1] must have the shape of row 0, [2]; received [1]")]
    [InlineData("{\"instances\":[[1,2],[3,4x]]}", "\"instances\"[1]: Malformed JSON: expected ',' or ']', found 'x'")]
    [InlineData("{\"instances\":[[1,[2]]]}", "\"instances\"[0]: expected a JSON number")]
    [InlineData("{\"instances\":[{\"a\":[1,NaN]}]}", "\"instances\"[0].a: NaN and Infinity are not JSON numbers")]
    [InlineData("{\"instances\":[{\"a\":1},2]}", "\"instances\"[1] must be an object of named inputs")]
    [InlineData("{\"instances\":[1,{\"a\":2}]}", "\"instances\"[1] must be a value")]
    [InlineData("{\"instances\":[{\"a\":1},{\"b\":2}]}", "\"instances\"[1] must have the inputs of \"instances\"[0] ('a'); received an extra input 'b'")]
    [InlineData("{\"instances\":[{\"a\":1,\"b\":2},{\"a\":3}]}", "\"instances\"[1] must have the inputs of \"instances\"[0] ('a', 'b'); received 'a'")]
    [InlineData("{\"instances\":[{\"a\":1,\"a\":2}]}", "\"instances\"[0] names input 'a' twice")]
    [InlineData("{\"inputs\":[1],\"instances\":[[1]]}", "one of \"inputs\" (columnar) or \"instances\" (rows); received \"inputs\" and then \"instances\"")]
    [InlineData("{\"instance\":[[1]]}", "must have \"inputs\" or \"instances\"; neither was found")]
    [InlineData("{\"instances\":[[1,2],[3,4]]", "found the end of the input")]
    public void Bad_rows_give_a_payload_error_naming_the_field(string json, string expected)
    {
        foreach (var format in Formats)
        {
            var error = Assert.ThrowsAny<PayloadException>(() => Decode(format, json));
            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Rows_must_stack_to_the_signature_shape()
    {
        var options = new DecodeOptions([new TensorSpec("x", DataType.Float32, [1, 3])]);
        var error = Assert.Throws<TensorShapeMismatchException>(() =>
            new TfServingJsonFormat().Decode("{\"instances\":[[1,2,3],[4,5,6]]}"u8, MessageKind.Request, options));
        Assert.Contains("must have shape [1,3]; received [2,3] from 2 rows of \"instances\"", error.Message, StringComparison.Ordinal);
    }

    private static InferenceMessage Decode(string format, string json) =>
        WireFormats.All.Single(f => f.Name == format).Decode(Encoding.UTF8.GetBytes(json), MessageKind.Request, DecodeOptions.Default);
}
