namespace Pytti.Torch.NN;

/// <summary>
/// <c>nn.MultiheadAttention</c> with PyTorch's packed in-projection layout and sequence-first
/// inputs (<c>batch_first=False</c>), computing what PyTorch 1.13's <c>multi_head_attention_forward</c> does.
/// Self-attention (one tensor as query, key and value; no mask or an [L, L] one) takes one packed projection and
/// <see cref="Functional.SelfAttention"/>'s fused core, PyTorch's result to fp32 rounding; other calls take its operator
/// sequence (<see cref="Attend"/>).
/// Keys: <c>in_proj_weight</c> [3E, E], <c>in_proj_bias</c> [3E], <c>out_proj.weight</c>, <c>out_proj.bias</c>.
/// </summary>
public sealed class MultiheadAttention : Module
{
    public MultiheadAttention(long embedDim, long numHeads, bool hasBias = true)
    {
        if (embedDim % numHeads != 0)
            throw new ArgumentException($"embed_dim {embedDim} is not divisible by num_heads {numHeads}");
        EmbedDim = embedDim;
        NumHeads = numHeads;
        RegisterParameter("in_proj_weight", Init.Uniform([3 * embedDim, embedDim], Math.Sqrt(6.0 / (4 * embedDim))));
        if (hasBias) RegisterParameter("in_proj_bias", Tensor.Zeros([3 * embedDim]));
        else RegisterAbsentParameter("in_proj_bias");
        RegisterModule("out_proj", new Linear(embedDim, embedDim, hasBias));
    }

    public long EmbedDim { get; }
    public long NumHeads { get; }
    public long HeadDim => EmbedDim / NumHeads;

    public Tensor in_proj_weight => Parameter("in_proj_weight");
    public Tensor? in_proj_bias => OptionalParameter("in_proj_bias");
    public Linear out_proj => (Linear)NamedChildren().First(c => c.Name == "out_proj").Module;

    /// <summary>Self-attention: query = key = value = <paramref name="input"/> [L, N, E].</summary>
    public override Tensor Forward(Tensor input) => Forward(input, input, input);

    /// <summary>
    /// query [L, N, E], key and value [S, N, E] → [L, N, E]. <paramref name="attnMask"/> is [L, S] or
    /// [N·heads, L, S]: added to the scores when float, -inf where true when bool.
    /// </summary>
    public Tensor Forward(Tensor query, Tensor key, Tensor value, Tensor? attnMask = null)
    {
        using var scope = LibTorch.NewDisposeScope();
        var (l, n) = (query.Size(0), query.Size(1));
        Tensor attended;                                                // [L*N, E]
        if (ReferenceEquals(query, key) && ReferenceEquals(key, value) && (attnMask is null || attnMask.Dim == 2))
        {
            attended = Functional.SelfAttention(InProjection(query), NumHeads, attnMask).View(l * n, EmbedDim);
        }
        else
        {
            var (q, k, v) = Project(query, key, value);
            attended = Attend(q, k, v, NumHeads, attnMask);
        }
        var projected = out_proj.Forward(attended);
        return projected.View(l, n, EmbedDim).MoveToOuterScope();     // -> [L, N, E]
    }

    /// <summary>
    /// The attention core of PyTorch 1.13's <c>multi_head_attention_forward</c> after the in-projection:
    /// q [L, N, E], k and v [S, N, E] already projected → heads attended and merged, [L·N, E] (before out_proj).
    /// </summary>
    public static Tensor Attend(Tensor q, Tensor k, Tensor v, long numHeads, Tensor? attnMask = null) =>
        Ops.Attention.Attend(q.Torch, k.Torch, v.Torch, numHeads, attnMask?.Torch).Own();

    private (Tensor Q, Tensor K, Tensor V) Project(Tensor query, Tensor key, Tensor value)
    {
        if (ReferenceEquals(query, key) && ReferenceEquals(key, value))
        {
            var packed = InProjection(query).Chunk(3, -1);
            return (packed[0], packed[1], packed[2]);
        }
        var w = in_proj_weight.Chunk(3);
        var b = in_proj_bias?.Chunk(3);
        if (ReferenceEquals(key, value))
        {
            // a query of its own over shared keys and values (a single token's query): keys and values in one product
            var kv = Functional.Linear(key, in_proj_weight.Narrow(0, EmbedDim, 2 * EmbedDim), in_proj_bias?.Narrow(0, EmbedDim, 2 * EmbedDim)).Chunk(2, -1);
            return (Functional.Linear(query, w[0], b?[0]), kv[0], kv[1]);
        }
        return (Functional.Linear(query, w[0], b?[0]), Functional.Linear(key, w[1], b?[1]), Functional.Linear(value, w[2], b?[2]));
    }

    /// <summary>The packed projection [.., 3E]: q, k and v side by side.</summary>
    private Tensor InProjection(Tensor x) => Functional.Linear(x, in_proj_weight, in_proj_bias);
}
