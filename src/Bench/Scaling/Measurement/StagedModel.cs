using Toolkit.Bench.Models;
using Toolkit.Kernels.Graph;

namespace Toolkit.Bench.Scaling.Measurement;

/// <summary>
/// The model file every scaling process loads (<c>TOOLKIT_MODEL_DIR</c>): the zoo model written once, optimized, as
/// <c>&lt;model&gt;.tkm</c>, so a start maps a file as a deployed image would instead of building the model in memory.
/// </summary>
public static class StagedModel
{
    public static string Directory { get; } = Path.Combine(Environment.CurrentDirectory, "artifacts", "scaling", "models");

    /// <summary>Copies the model's artifact in when missing or changed, and returns the directory.</summary>
    public static string For(string model)
    {
        var source = ModelArtifacts.ToolkitPath(model);
        System.IO.Directory.CreateDirectory(Directory);
        var target = Path.Combine(Directory, model + ModelFile.Extension);
        if (!File.Exists(target) || new FileInfo(target).Length != new FileInfo(source).Length)
        {
            File.Copy(source, target, overwrite: true);
        }

        return Directory;
    }
}
