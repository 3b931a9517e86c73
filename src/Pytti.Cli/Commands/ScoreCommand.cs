using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Pytti.Models.Clip;
using Pytti.Models.Store;
using Pytti.Pipeline.Media;
using Spectre.Console;
using TorchSharp;

namespace Pytti.Cli.Commands;

/// <summary>
/// <c>pytti score --image PATH... --text TEXT... [--perceptor NAME_OR_PATH]... [--json]</c>: cosine
/// similarity of every image with every text for each perceptor, and the ensemble mean.
/// </summary>
internal sealed class ScoreCommand : ICliCommand
{
    public Command Build(CliEnvironment env)
    {
        var images = new Option<string[]>("--image") { Description = "Image file(s) to score (any format FFmpeg reads).", Required = true, AllowMultipleArgumentsPerToken = true };
        var texts = new Option<string[]>("--text") { Description = "Text prompt(s).", Required = true, AllowMultipleArgumentsPerToken = true };
        var perceptors = new Option<string[]>("--perceptor") { Description = "CLIP model: a registered name (ViTB32, RN50, ...) or a checkpoint path. Repeat for an ensemble. Default: ViTB32.", AllowMultipleArgumentsPerToken = true };
        var storeArguments = new StoreArguments();
        var json = new Option<bool>("--json") { Description = "Write JSON instead of a table." };
        var command = new Command("score", "How well images match texts, by CLIP cosine similarity (a way to judge a render).")
        {
            images, texts, perceptors, storeArguments.ModelsDir, storeArguments.Offline, json,
        };
        command.SetAction(parse =>
        {
            var names = parse.GetValue(perceptors) is { Length: > 0 } p ? p : ["ViTB32"];
            var store = storeArguments.Store(parse);
            var result = Score(env, store, parse.GetValue(images)!, parse.GetValue(texts)!, names);
            if (parse.GetValue(json)) WriteJson(env, result);
            else WriteTable(env, result);
            return PyttiApp.ExitOk;
        });
        return command;
    }

    private sealed record ScoreResult(string[] Perceptors, string[] Images, string[] Texts, double[][,] Scores);

    private static ScoreResult Score(CliEnvironment env, ModelStore store, string[] imagePaths, string[] texts, string[] names)
    {
        var paths = imagePaths.Select(p => Path.GetFullPath(p, env.WorkingDirectory)).ToArray();
        try
        {
            using var ensemble = PerceptorLoader.LoadAsync(store, names, env.WorkingDirectory).GetAwaiter().GetResult();
            var tensors = new List<torch.Tensor>();
            try
            {
                foreach (var path in paths) tensors.Add(LoadImage(path));
                var scores = ensemble.CosineSimilarities(tensors, texts);
                return new ScoreResult(ensemble.Perceptors.Select(p => p.Name).ToArray(), imagePaths, texts, scores);
            }
            finally
            {
                foreach (var t in tensors) t.Dispose();
            }
        }
        catch (Pytti.Torch.Serialization.WeightFormatException e) { throw new UserErrorException(CliErrorCodes.NotAClipModel, e.Message); }
    }

    /// <summary>An image file as [1,3,H,W] in [0,1].</summary>
    private static torch.Tensor LoadImage(string path) => ImageFile.Read(path).ToTensor();

    private static double Mean(ScoreResult r, int i, int t) => r.Scores.Average(s => s[i, t]);

    private static void WriteTable(CliEnvironment env, ScoreResult r)
    {
        var table = new Table().AddColumn("Image").AddColumn("Text");
        foreach (var p in r.Perceptors) table.AddColumn(new TableColumn(Markup.Escape(p)).RightAligned());
        if (r.Perceptors.Length > 1) table.AddColumn(new TableColumn("mean").RightAligned());
        for (var i = 0; i < r.Images.Length; i++)
        {
            for (var t = 0; t < r.Texts.Length; t++)
            {
                var cells = new List<string> { Markup.Escape(r.Images[i]), Markup.Escape(r.Texts[t]) };
                cells.AddRange(r.Scores.Select(s => F(s[i, t])));
                if (r.Perceptors.Length > 1) cells.Add(F(Mean(r, i, t)));
                table.AddRow(cells.ToArray());
            }
        }
        env.Console.Write(table);
        env.Console.MarkupLine("Cosine similarity of CLIP embeddings: higher means a closer match (typical good matches: 0.25–0.35 for ViT-B/32).");
    }

    private static void WriteJson(CliEnvironment env, ScoreResult r)
    {
        var rows = new List<object>();
        for (var i = 0; i < r.Images.Length; i++)
            for (var t = 0; t < r.Texts.Length; t++)
                rows.Add(new
                {
                    image = r.Images[i],
                    text = r.Texts[t],
                    perceptors = r.Perceptors.Select((p, k) => new { name = p, cosine = r.Scores[k][i, t] }).ToArray(),
                    mean = Mean(r, i, t),
                });
        env.Out.WriteLine(JsonSerializer.Serialize(new { perceptors = r.Perceptors, scores = rows }, new JsonSerializerOptions { WriteIndented = true }));
    }

    private static string F(double v) => v.ToString("F4", CultureInfo.InvariantCulture);
}
