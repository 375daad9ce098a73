using Toolkit.Bench.Protocols;
using Toolkit.Serialization.Payloads;

namespace Toolkit.Bootstrap.Tests.Protocols;

public class ProtocolPlanTests
{
    [Fact]
    public void A_quick_run_skips_only_forty_concurrent_yolo_json_requests()
    {
        var yolo = PaperModel.YoloV5;
        var mobilenet = PaperModel.MobileNetV1;

        Assert.Null(ProtocolPlan.For(ProtocolFormat.Get("tfserving_json"), yolo.Inputs(), yolo.Outputs(), 40, quick: true));
        Assert.Null(ProtocolPlan.For(ProtocolFormat.Get("kserve_json"), yolo.Inputs(), yolo.Outputs(), 40, quick: true));
        Assert.NotNull(ProtocolPlan.For(ProtocolFormat.Get("kserve_binary"), yolo.Inputs(), yolo.Outputs(), 40, quick: true));
        Assert.NotNull(ProtocolPlan.For(ProtocolFormat.Get("kserve_json"), mobilenet.Inputs(), mobilenet.Outputs(), 40, quick: true));
        Assert.NotNull(ProtocolPlan.For(ProtocolFormat.Get("kserve_json"), yolo.Inputs(), yolo.Outputs(), 40, quick: false));
    }

    [Fact]
    public void Yolo_json_gets_fewer_requests_than_its_binary_formats()
    {
        var yolo = PaperModel.YoloV5;

        var json = ProtocolPlan.For(ProtocolFormat.Get("tfserving_json"), yolo.Inputs(), yolo.Outputs(), 1, quick: true)!;
        var grpc = ProtocolPlan.For(ProtocolFormat.Get("kserve_grpc"), yolo.Inputs(), yolo.Outputs(), 1, quick: true)!;

        Assert.True(json.RequestsPerClient < grpc.RequestsPerClient);
    }
}
