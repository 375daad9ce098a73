using Toolkit.Kernels.Tensors;
using Toolkit.Serialization.Formats;
using Toolkit.Serialization.Payloads;
using Toolkit.Serialization.Tests.Infrastructure;

namespace Toolkit.Serialization.Tests.Formats;

public class RoundTripTests
{
    public static TheoryData<string, PaperModel, MessageDirection, DataType> Cases()
    {
        var data = new TheoryData<string, PaperModel, MessageDirection, DataType>();
        foreach (var format in WireFormats.All)
        {
            foreach (var model in PaperModels.All)
            {
                DataType[] inputTypes = model.TakesImage() ? [DataType.Float32, DataType.Float16, DataType.UInt8] : [DataType.Int32];
                foreach (var type in inputTypes)
                {
                    data.Add(format.Name, model, MessageDirection.Input, type);
                }

                foreach (var type in (DataType[])[DataType.Float32, DataType.Float16])
                {
                    data.Add(format.Name, model, MessageDirection.Output, type);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_format_round_trips_every_model_payload_exactly(string formatName, PaperModel model, MessageDirection direction, DataType dataType)
    {
        var format = WireFormats.Get(formatName);
        var message = PayloadGenerator.Message(model, direction, dataType == DataType.Int32 ? DataType.Float32 : dataType);
        var kind = direction == MessageDirection.Input ? MessageKind.Request : MessageKind.Response;

        var decoded = format.Decode(format.Encode(message, kind), kind, Messages.OptionsFor(message));

        Messages.AssertSameTensors(message, decoded);
        var carriesModelName = format is KServeGrpcFormat or TfServingGrpcFormat || (format is KServeJsonFormat or KServeBinaryFormat && kind == MessageKind.Response);
        Assert.Equal(carriesModelName ? message.ModelName : "", decoded.ModelName);
    }

    [Theory]
    [InlineData(DataType.Float32)]
    [InlineData(DataType.Float16)]
    [InlineData(DataType.Int32)]
    [InlineData(DataType.Int64)]
    [InlineData(DataType.UInt8)]
    public void Every_format_round_trips_every_data_type(DataType dataType)
    {
        var message = Messages.Small(dataType, 2, 3, 4);
        foreach (var format in WireFormats.All)
        {
            foreach (var kind in (MessageKind[])[MessageKind.Request, MessageKind.Response])
            {
                Messages.AssertSameTensors(message, format.Decode(format.Encode(message, kind), kind, Messages.OptionsFor(message)));
            }
        }
    }
}
