using Pytti.Engine.Losses;
using Pytti.Scenes.Expressions;
using Pytti.Torch.Ops;
using Pytti.Torch.Optim;
using TorchSharp;

namespace Pytti.Engine.ImageModels;

/// <summary>
/// PyTTI's smart encode (reference 5.2): with brightness fixed, Adam (lr 0.1) fits palette and palette
/// choice to an image for 201 steps under the HSV loss, the HDR loss (at weight 0.01 while encoding,
/// when the model has one) and palette normalisation, clamping after every step.
/// </summary>
internal static class LimitedPaletteEncoder
{
    public const int Steps = 201;
    public const double LearningRate = 0.1;
    public const double HdrWeight = 0.01;

    private static readonly IReadOnlyDictionary<string, double> NoVariables = new Dictionary<string, double> { ["t"] = 0 };

    /// <summary>Runs outside any TorchSharp dispose scope: the HSV loss keeps tensors it makes on its first step.</summary>
    public static void SmartEncode(LimitedPalette model, torch.Tensor image)
    {
        var hdrWeight = model.Options.HdrWeight != 0 ? HdrWeight : 0;
        using var hsv = new DirectImageLoss("HSV loss", CompiledExpression.Compile("1"), null, image.alias(), hsv: true);
        using var adam = AdamCheckpoints.Create([model.pallet, model.tensor], LearningRate);
        for (var i = 0; i < Steps; i++)
        {
            adam.ClearGrads();
            using (var decoded = model.DecodeTraining())
            using (var hsvLoss = HsvLoss(hsv, decoded))
                Backward(model, hsvLoss, hdrWeight);
            adam.step();
            model.Update();
        }
        adam.ClearGrads();
        model.value.grad = null;   // brightness is not optimised here; its gradient must not reach the render's Adam
    }

    /// <summary>The HSV loss of <paramref name="decoded"/> plus the model's own terms, back-propagated.</summary>
    private static void Backward(LimitedPalette model, torch.Tensor hsvLoss, double hdrWeight)
    {
        using var scope = torch.NewDisposeScope();
        var loss = hsvLoss;
        foreach (var term in model.Losses(hdrWeight)) loss = loss + term.Value;
        if (loss.requires_grad) loss.Backward();
    }

    private static torch.Tensor HsvLoss(DirectImageLoss hsv, torch.Tensor decoded) => hsv.Evaluate(decoded, NoVariables)!.Loss;
}
