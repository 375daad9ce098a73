using System.CommandLine;
using Toolkit.Bench.Models;
using Toolkit.Bench.Reporting;
using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Zoo;

namespace Toolkit.Bench.Commands;

/// <summary>
/// <c>models [--models ...] [--json PATH]</c>: parameters, weight bytes and GFLOPs per inference of each zoo model,
/// counted from its graph (2 × the multiply-accumulates of its convolutions and dense layers), beside the paper's
/// Table 2 model size and GFLOPS.
/// </summary>
public static class ModelsCommand
{
    /// <summary>A gap in GFLOPs or size beyond this fraction is printed with its explanation, when one is known.</summary>
    private const double NotableGap = 0.10;

    public static Command Create()
    {
        var models = new Option<string[]>("--models") { Description = $"Models ({string.Join(", ", ModelZoo.Names)}).", DefaultValueFactory = _ => [.. ModelZoo.Names], AllowMultipleArgumentsPerToken = true };
        var json = new Option<string?>("--json") { Description = "Write the rows into section 'models' of this results file." };
        var command = new Command("models", "Parameters, weight bytes and GFLOPs of each zoo model beside the paper's Table 2.") { models, json };
        command.SetAction(parse => Run(parse.GetValue(models)!, parse.GetValue(json)));
        return command;
    }

    public static int Run(IReadOnlyList<string> models, string? jsonPath)
    {
        var unknown = models.Where(m => !ModelZoo.Names.Contains(m, StringComparer.OrdinalIgnoreCase)).ToList();
        if (unknown.Count > 0)
        {
            Console.Error.WriteLine($"models: --models must name zoo models ({string.Join(", ", ModelZoo.Names)}); received {string.Join(", ", unknown)}.");
            return 2;
        }

        var rows = models.Select(Measure).ToList();
        var table = new TextTable("model", "params_m", "weight_mb", "paper_model_mb", "size_ratio", "gflops", "paper_gflops", "gflops_ratio");
        foreach (var row in rows)
        {
            table.Add(row.Model, row.Params / 1e6, row.WeightMb, row.PaperModelMb, row.WeightMb / row.PaperModelMb, row.Gflops, row.PaperGflops, row.Gflops / row.PaperGflops);
        }

        table.Print();
        foreach (var row in rows)
        {
            if (PaperTable2.Rows.TryGetValue(row.Model, out var paper) && Math.Abs((row.Gflops / paper.Gflops) - 1) > NotableGap)
            {
                Console.WriteLine($"{row.Model}: {row.Gflops:F2} GFLOPs against the paper's {paper.Gflops}. {paper.GflopsNote ?? "No explanation is known."}");
            }
        }

        if (jsonPath is not null)
        {
            ResultsFile.Write(jsonPath, "models", rows);
        }

        return 0;
    }

    private static ModelRow Measure(string model)
    {
        var graph = ModelZoo.Build(model);
        var gflops = 2.0 * ShapeInference.CountMultiplyAccumulates(graph) / 1e9;
        PaperTable2.Rows.TryGetValue(graph.Name, out var paper);
        return new ModelRow(graph.Name, graph.ParameterCount, graph.WeightBytes, gflops, paper?.ModelMb, paper?.Gflops);
    }
}
