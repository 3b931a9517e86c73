using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Pytti.Models.Flow;
using Pytti.Models.Store;
using Pytti.Pipeline.Media;

namespace Pytti.Cli.Commands;

/// <summary>
/// <c>pytti flow IMAGE1 IMAGE2 [--model NAME_OR_PATH] [--models-dir DIR] [--offline] [--iterations N] [-o PNG] [--json]</c>:
/// RAFT optical flow from the first image to the second; writes it as a colour-wheel PNG and prints the median
/// motion (x, y) in pixels. The model is named as a scene's <c>flow_model</c> is: a registered flow model
/// (default <c>raft-small</c>, fetched and verified through the store) or a checkpoint path.
/// </summary>
internal sealed class FlowCommand : ICliCommand
{
    public Command Build(CliEnvironment env)
    {
        var first = new Argument<string>("image1") { Description = "First image (any format FFmpeg reads)." };
        var second = new Argument<string>("image2") { Description = "Second image, the same size, at least 121x121." };
        var model = new Option<string>("--model")
        {
            Description = $"RAFT model: a registered name ({string.Join(", ", ModelRegistry.Selectable(FlowModels.Kind).Select(m => m.Name))}) " +
                          "or a checkpoint path (small or large, as released by princeton-vl/RAFT).",
            DefaultValueFactory = _ => FlowModels.RaftSmall.Name,
        };
        var storeArguments = new StoreArguments();
        var iterations = new Option<int>("--iterations") { Description = "RAFT refinement iterations.", DefaultValueFactory = _ => 12 };
        iterations.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--iterations must be 1 or more."); });
        var output = new Option<string?>("--output", "-o") { Description = "PNG to write (default: <image1 name>_flow.png in the working directory)." };
        var json = new Option<bool>("--json") { Description = "Write JSON instead of text." };
        var command = new Command("flow", "Preview the optical flow RAFT finds between two images (Video Source and flow stabilisation use it).")
        {
            first, second, model, storeArguments.ModelsDir, storeArguments.Offline, iterations, output, json,
        };
        command.SetAction(parse =>
        {
            var paths = new[] { parse.GetValue(first)!, parse.GetValue(second)! }.Select(p => Path.GetFullPath(p, env.WorkingDirectory)).ToArray();
            var modelPath = DiagnosticModelPath.Resolve(env, parse.GetValue(model)!, FlowModels.Kind, storeArguments.Store(parse));
            var png = Path.GetFullPath(parse.GetValue(output) ?? Path.GetFileNameWithoutExtension(paths[0]) + "_flow.png", env.WorkingDirectory);
            var result = Estimate(paths[0], paths[1], modelPath, parse.GetValue(iterations), png);
            Report(env, result, parse.GetValue(json));
            return PyttiApp.ExitOk;
        });
        return command;
    }

    private sealed record FlowResult(string Image1, string Image2, string Model, string Output, int Width, int Height, int Iterations, double MedianX, double MedianY);

    private static FlowResult Estimate(string path1, string path2, string modelPath, int iterations, string png)
    {
        try
        {
            var (rgb1, rgb2) = (ImageFile.Read(path1), ImageFile.Read(path2));
            if ((rgb1.Width, rgb1.Height) != (rgb2.Width, rgb2.Height))
                throw new UserErrorException(CliErrorCodes.Media, $"{path2}: {rgb2.Width}x{rgb2.Height}, but {path1} is {rgb1.Width}x{rgb1.Height}; flow needs two images of one size.");
            using var raft = FlowModel.Load(modelPath);
            using var image1 = rgb1.ToTensor();
            using var image2 = rgb2.ToTensor();
            using var estimate = raft.Estimate(image1, image2, iterations);
            var flow = estimate.Flow.data<float>().ToArray();              // [1, 2, H, W] flattened: dx plane, then dy
            var pixels = rgb1.Width * rgb1.Height;
            var (dx, dy) = (flow[..pixels], flow[pixels..]);
            ImageFile.WritePng(png, Visualisation.Flow(dx, dy, rgb1.Width, rgb1.Height));
            return new FlowResult(path1, path2, modelPath, png, rgb1.Width, rgb1.Height, iterations, Visualisation.Median(dx), Visualisation.Median(dy));
        }
        catch (MediaException e) { throw new UserErrorException(CliErrorCodes.Media, e.Message); }
        catch (ArgumentException e) { throw new UserErrorException(CliErrorCodes.Media, $"{path1}, {path2}: {e.Message}"); }
        catch (FlowLoadException e) { throw new UserErrorException(CliErrorCodes.NotAFlowModel, e.Message + " Pass a RAFT checkpoint."); }
        catch (Pytti.Torch.Serialization.WeightFormatException e) { throw new UserErrorException(CliErrorCodes.NotAFlowModel, $"{modelPath}: {e.Message}"); }
    }

    private static void Report(CliEnvironment env, FlowResult r, bool json)
    {
        if (json)
        {
            env.Out.WriteLine(JsonSerializer.Serialize(new
            {
                image1 = r.Image1, image2 = r.Image2, model = r.Model, output = r.Output, width = r.Width, height = r.Height,
                iterations = r.Iterations, median = new { x = r.MedianX, y = r.MedianY },
            }, new JsonSerializerOptions { WriteIndented = true }));
            return;
        }
        env.Out.WriteLine($"flow {r.Image1} -> {r.Image2} ({r.Width}x{r.Height}, {r.Iterations} iterations): median x {F(r.MedianX)} px, y {F(r.MedianY)} px");
        env.Out.WriteLine("x is right, y is down. The picture's hue is the direction, its saturation the speed (white = still).");
        env.Out.WriteLine($"wrote {r.Output}");
    }

    private static string F(double v) => v.ToString("+0.0000;-0.0000;0.0000", CultureInfo.InvariantCulture);
}
