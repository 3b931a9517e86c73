namespace Pytti.Torch.NN;

/// <summary>A lookup table of vectors. Key: <c>weight</c> [num, dim].</summary>
public sealed class Embedding : Module
{
    public Embedding(long numEmbeddings, long embeddingDim)
    {
        RegisterParameter("weight", Tensor.RandN([numEmbeddings, embeddingDim]));
    }

    public Tensor weight => Parameter("weight");

    public override Tensor Forward(Tensor input) => Functional.Embedding(weight, input);
}
