using System.CommandLine;
using Pytti.Models.Store;

namespace Pytti.Cli.Commands;

/// <summary>
/// <c>--models-dir DIR</c> and <c>--offline</c> of the commands that load models (score, depth, flow): one definition,
/// one way to turn them into the model store.
/// </summary>
internal sealed class StoreArguments
{
    public Option<string?> ModelsDir { get; } = ModelsCommand.ModelsDirOption();

    public Option<bool> Offline { get; } = new("--offline") { Description = "Never download; fail with where to place missing files." };

    /// <summary>The store the parsed options name.</summary>
    public ModelStore Store(ParseResult parse) =>
        new(ModelStore.ResolveRoot(parse.GetValue(ModelsDir)), new ModelStoreOptions(Offline: parse.GetValue(Offline)));
}
