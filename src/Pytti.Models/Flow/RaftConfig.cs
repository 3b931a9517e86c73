using static TorchSharp.torch;

namespace Pytti.Models.Flow;

/// <summary>
/// The architecture of a RAFT checkpoint (princeton-vl layout), read from its weights: small or large,
/// GRU hidden and context widths, correlation levels and radius, the context encoder's norm.
/// Small: hidden 96, context 64, radius 3, no context norm. Large: 128, 128, radius 4, batch norm.
/// </summary>
public sealed record RaftConfig(bool Small, long HiddenDim, long ContextDim, int CorrelationLevels, int CorrelationRadius, RaftNorm ContextNorm)
{
    /// <summary>Levels · (2r+1)²: the correlation features one lookup yields per pixel.</summary>
    public long CorrelationChannels => CorrelationLevels * (2L * CorrelationRadius + 1) * (2L * CorrelationRadius + 1);

    /// <summary>Upstream always builds four pyramid levels.</summary>
    public const int Levels = 4;

    /// <summary>Reads the architecture from a state dict whose <c>module.</c> prefix is already stripped.</summary>
    public static RaftConfig Infer(IReadOnlyDictionary<string, Tensor> w)
    {
        Require(w, "fnet.conv1.weight", "cnet.conv2.weight", "update_block.encoder.convc1.weight");
        var small = w.ContainsKey("fnet.layer1.0.conv3.weight");
        var gateKey = small ? "update_block.gru.convz.weight" : "update_block.gru.convz1.weight";
        Require(w, gateKey);
        var hidden = w[gateKey].shape[0];
        var context = w["cnet.conv2.weight"].shape[0] - hidden;
        var radius = RadiusOf(w["update_block.encoder.convc1.weight"].shape[1]);
        var norm = w.ContainsKey("cnet.norm1.running_mean") ? RaftNorm.Batch : RaftNorm.None;
        return new RaftConfig(small, hidden, context, Levels, radius, norm);
    }

    private static int RadiusOf(long channels)
    {
        var side = (int)Math.Round(Math.Sqrt(channels / (double)Levels));
        if (side % 2 == 0 || Levels * side * side != channels)
            throw new FlowLoadException($"update_block.encoder.convc1.weight has {channels} input channels, not {Levels}·(2r+1)²");
        return side / 2;
    }

    private static void Require(IReadOnlyDictionary<string, Tensor> w, params string[] keys)
    {
        var missing = keys.Where(k => !w.ContainsKey(k)).ToArray();
        if (missing.Length > 0)
            throw new FlowLoadException($"not a RAFT checkpoint: missing {string.Join(", ", missing.Select(k => $"'{k}'"))}");
    }
}

/// <summary>A checkpoint that cannot be read as RAFT; the message names the offending key.</summary>
public sealed class FlowLoadException(string message) : Exception(message);
