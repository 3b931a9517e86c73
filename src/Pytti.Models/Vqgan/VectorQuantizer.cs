using Pytti.Torch;
using Pytti.Torch.NN;

namespace Pytti.Models.Vqgan;

/// <summary>taming's <c>VectorQuantizer2</c> (legacy loss, no remap): key <c>embedding.weight</c> [n_e, e_dim].</summary>
public sealed class VectorQuantizer : VqganQuantizer
{
    public VectorQuantizer(int codes, int dim)
    {
        embedding = RegisterModule("embedding", new Embedding(codes, dim));
    }

    public Embedding embedding { get; }

    public override Tensor Codebook => embedding.weight;

    public override VqganQuantization Quantize(Tensor z, Generator? generator = null) => NearestCode.Quantize(z, Codebook, StraightThrough.Taming);
}
