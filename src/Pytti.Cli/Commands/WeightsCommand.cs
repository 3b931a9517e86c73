using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Pytti.Torch;
using Pytti.Torch.Serialization;
using Spectre.Console;

namespace Pytti.Cli.Commands;

/// <summary><c>pytti weights inspect FILE [--json]</c>: every tensor of a weight file, in any supported format.</summary>
internal sealed class WeightsCommand : ICliCommand
{
    private const string InspectDescription =
        "List every tensor (name, dtype, shape) of a weight file: safetensors, torch.save (zip or legacy), "
        + "TorchScript archive or Lightning checkpoint, detected from the content.\n"
        + "With --json, one JSON object with these fields:\n"
        + "  \"file\": absolute path of the file\n"
        + "  \"format\": \"safetensors\", \"torch-zip\", \"torch-legacy\", \"torchscript\" or \"lightning-checkpoint\"\n"
        + "  \"tensor_count\": number of tensors\n"
        + "  \"parameter_count\": total number of elements (parameters and buffers)\n"
        + "  \"metadata\": string-to-string map (safetensors __metadata__; empty otherwise)\n"
        + "  \"tensors\": array in file order of {\"name\", \"dtype\" (float32, float16, bfloat16, float64, int64, ...), \"shape\" (array of ints), \"numel\"}";

    public Command Build(CliEnvironment env)
    {
        var weights = new Command("weights", "Inspect model weight files.");
        weights.Subcommands.Add(BuildInspect(env));
        return weights;
    }

    private static Command BuildInspect(CliEnvironment env)
    {
        var file = new Argument<string>("file") { Description = "Weight file (.safetensors, .pt, .pth, .ckpt, .bin)." };
        var json = new Option<bool>("--json") { Description = "Write JSON (fields listed above) instead of a table." };
        var inspect = new Command("inspect", InspectDescription) { file, json };
        inspect.SetAction(parse =>
        {
            string path = Path.GetFullPath(parse.GetValue(file)!, env.WorkingDirectory);
            var dict = Load(path);
            if (parse.GetValue(json)) WriteJson(env, path, dict);
            else WriteTable(env, path, dict);
            return PyttiApp.ExitOk;
        });
        return inspect;
    }

    private static StateDict Load(string path)
    {
        try
        {
            return WeightFile.Load(path);
        }
        catch (WeightFormatException e)
        {
            throw new UserErrorException(e.Code, e.Message);
        }
    }

    /// <summary>Stable names for the JSON output (independent of the enum's spelling).</summary>
    private static string FormatName(WeightFormat format) => format switch
    {
        WeightFormat.SafeTensors => "safetensors",
        WeightFormat.TorchZip => "torch-zip",
        WeightFormat.TorchLegacy => "torch-legacy",
        WeightFormat.TorchScript => "torchscript",
        WeightFormat.LightningCheckpoint => "lightning-checkpoint",
        _ => format.ToString().ToLowerInvariant(),
    };

    private static void WriteTable(CliEnvironment env, string path, StateDict dict)
    {
        env.Console.MarkupLineInterpolated($"File: [bold]{path}[/]");
        env.Console.MarkupLineInterpolated($"Format: [bold]{FormatName(dict.Format)}[/]");
        var table = new Table().AddColumns("Name", "DType", "Shape", "Elements");
        table.Columns[3].RightAligned();
        foreach (var tensor in dict.Values)
            table.AddRow(Markup.Escape(tensor.Name), tensor.DType.TorchName(), Markup.Escape(ShapeText(tensor.Shape)), Count(tensor.NumElements));
        env.Console.Write(table);
        env.Console.MarkupLine($"{Count(dict.Count)} tensors, {Count(dict.ParameterCount)} parameters");
    }

    private static string ShapeText(long[] shape) => "[" + string.Join(", ", shape) + "]";

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static void WriteJson(CliEnvironment env, string path, StateDict dict)
    {
        var document = new
        {
            file = path,
            format = FormatName(dict.Format),
            tensor_count = dict.Count,
            parameter_count = dict.ParameterCount,
            metadata = dict.Metadata,
            tensors = dict.Values.Select(t => new { name = t.Name, dtype = t.DType.TorchName(), shape = t.Shape, numel = t.NumElements }),
        };
        env.Out.WriteLine(JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }));
    }
}
