using System.CommandLine;
using Pytti.Models.Store;

namespace Pytti.Cli.Commands;

/// <summary>
/// <c>pytti models pin NAME SHA256 [--models-dir DIR]</c>: records the SHA-256 of a registered file this build ships no
/// digest for (RAFT-things), computed by the user from a copy they trust. The store then
/// downloads and verifies that file like any other. Models that ship a digest, unknown names and malformed digests are refused.
/// </summary>
internal static class ModelPinCommand
{
    public static Command Build(CliEnvironment env, Option<string?> modelsDir)
    {
        var name = new Argument<string>("name") { Description = "A model listed as 'needs digest' by `pytti models list` (a VQGAN's config is <name>.yaml)." };
        var sha256 = new Argument<string>("sha256") { Description = "Its SHA-256, 64 hex digits (a Hugging Face file page shows it as the LFS \"SHA256\")." };
        var pin = new Command("pin", "Pin the SHA-256 of a model this build ships no digest for, so the store can download and verify it.") { name, sha256, modelsDir };
        pin.SetAction(parse =>
        {
            var store = new ModelStore(ModelStore.ResolveRoot(parse.GetValue(modelsDir)));
            var model = store.Pin(parse.GetValue(name)!, parse.GetValue(sha256)!);
            var path = store.PathFor(model);
            env.Out.WriteLine($"pinned {model.Name} ({model.Kind}) to {store.PinnedDigest(model)} in {store.PinsPath}");
            env.Out.WriteLine(File.Exists(path)
                ? $"{path} is verified against it when first used (or now with `pytti models list --verify`)."
                : $"The store downloads {model.Url} to {path} and verifies it when first needed.");
            return PyttiApp.ExitOk;
        });
        return pin;
    }
}
