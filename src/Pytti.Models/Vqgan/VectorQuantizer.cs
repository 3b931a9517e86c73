using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pytti.Models.Vqgan;

/// <summary>taming's <c>VectorQuantizer2</c> (legacy loss, no remap): key <c>embedding.weight</c> [n_e, e_dim].</summary>
public sealed class VectorQuantizer : VqganQuantizer
{
    private readonly Embedding embedding;

    public VectorQuantizer(long codes, long dim) : base(nameof(VectorQuantizer))
    {
        embedding = nn.Embedding(codes, dim);
        RegisterComponents();
    }

    public override Tensor Codebook => embedding.weight!;

    public override QuantizedLatent Quantize(Tensor z, Generator? generator = null) => NearestCode.Quantize(z, Codebook, StraightThrough.Taming);
}
