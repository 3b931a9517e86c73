using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Pytti.Models.Depth;
using Pytti.Models.Store;
using Pytti.Pipeline.Media;

namespace Pytti.Cli.Commands;

/// <summary>
/// <c>pytti depth IMAGE [--model NAME_OR_PATH] [--models-dir DIR] [--offline] [-o PNG] [--json]</c>: Depth Anything V2 on one
/// image; writes the depth as a greyscale PNG (near = bright) and prints its min, median and max (relative inverse depth).
/// The model is named as a scene's <c>depth_model</c> is: a registered depth model (default <c>depth-anything-v2-small</c>,
/// fetched and verified through the store once its digest is pinned) or a checkpoint path.
/// </summary>
internal sealed class DepthCommand : ICliCommand
{
    public Command Build(CliEnvironment env)
    {
        var image = new Argument<string>("image") { Description = "Image file (any format FFmpeg reads)." };
        var model = new Option<string>("--model")
        {
            Description = $"Depth Anything V2: a registered name ({string.Join(", ", DepthModels.All.Select(m => m.Name))}; downloaded and " +
                          "verified through the model store) or a checkpoint path.",
            DefaultValueFactory = _ => DepthModels.Small.Name,
        };
        var storeArguments = new StoreArguments();
        var output = new Option<string?>("--output", "-o") { Description = "PNG to write (default: <image name>_depth.png in the working directory)." };
        var heads = new Option<int?>("--heads") { Description = "Advanced: attention heads, for checkpoints that do not use 64 channels per head (default: width / 64)." };
        var json = new Option<bool>("--json") { Description = "Write JSON instead of text." };
        var command = new Command("depth", "Preview what Depth Anything V2 sees in an image (3D animation and depth stabilisation use it).")
        {
            image, model, storeArguments.ModelsDir, storeArguments.Offline, output, heads, json,
        };
        command.SetAction(parse =>
        {
            var imagePath = Path.GetFullPath(parse.GetValue(image)!, env.WorkingDirectory);
            var modelPath = DiagnosticModelPath.Resolve(env, parse.GetValue(model)!, DepthModels.Kind, storeArguments.Store(parse));
            var png = Path.GetFullPath(parse.GetValue(output) ?? Path.GetFileNameWithoutExtension(imagePath) + "_depth.png", env.WorkingDirectory);
            var result = Estimate(imagePath, modelPath, parse.GetValue(heads), png);
            Report(env, result, parse.GetValue(json));
            return PyttiApp.ExitOk;
        });
        return command;
    }

    private sealed record DepthResult(string Image, string Model, string Output, int Width, int Height, double Min, double Median, double Max);

    private static DepthResult Estimate(string imagePath, string modelPath, int? heads, string png)
    {
        try
        {
            var rgb = ImageFile.Read(imagePath);
            using var depthModel = DepthModel.Load(modelPath, heads: heads);
            using var image = rgb.ToTensor();
            using var predicted = depthModel.Predict(image);                     // [1, 1, H, W]
            var depth = predicted.data<float>().ToArray();
            ImageFile.WritePng(png, Visualisation.Depth(depth, rgb.Width, rgb.Height));
            return new DepthResult(imagePath, modelPath, png, rgb.Width, rgb.Height, depth.Min(), Visualisation.Median(depth), depth.Max());
        }
        catch (MediaException e) { throw new UserErrorException(CliErrorCodes.Media, e.Message); }
        catch (DepthLoadException e) { throw new UserErrorException(CliErrorCodes.NotADepthModel, e.Message + " Pass a Depth Anything V2 checkpoint."); }
        catch (Pytti.Torch.Serialization.WeightFormatException e) { throw new UserErrorException(CliErrorCodes.NotADepthModel, $"{modelPath}: {e.Message}"); }
    }

    private static void Report(CliEnvironment env, DepthResult r, bool json)
    {
        if (json)
        {
            env.Out.WriteLine(JsonSerializer.Serialize(new
            {
                image = r.Image, model = r.Model, output = r.Output, width = r.Width, height = r.Height,
                min = r.Min, median = r.Median, max = r.Max,
            }, new JsonSerializerOptions { WriteIndented = true }));
            return;
        }
        env.Out.WriteLine($"depth of {r.Image} ({r.Width}x{r.Height}): min {F(r.Min)}  median {F(r.Median)}  max {F(r.Max)}");
        env.Out.WriteLine("Relative inverse depth: larger is nearer (not metres). The picture shows near as bright.");
        env.Out.WriteLine($"wrote {r.Output}");
    }

    private static string F(double v) => v.ToString("F4", CultureInfo.InvariantCulture);
}
