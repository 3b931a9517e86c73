using Pytti.Engine.Losses;
using Pytti.Scenes.Expressions;
using Pytti.Torch;
using Pytti.Torch.Optim;
using TorchSharp.Modules;

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

    public static void SmartEncode(LimitedPalette model, Tensor image)
    {
        var hdrWeight = model.Options.HdrWeight != 0 ? HdrWeight : 0;
        using var hsv = new DirectImageLoss("HSV loss", CompiledExpression.Compile("1"), null, image.Share(), hsv: true);
        using var adam = AdamCheckpoints.Create([(Parameter)model.pallet.Torch, (Parameter)model.tensor.Torch], LearningRate);   // Wrapper boundary: goes when the image models are TorchSharp modules
        for (var i = 0; i < Steps; i++)
        {
            using var scope = LibTorch.NewDisposeScope();
            adam.ClearGrads();
            var z = model.DecodeTraining();
            var loss = Tensor.Wrap(hsv.Evaluate(z.Torch, NoVariables)!.Loss);   // Wrapper boundary: Evaluate takes and gives TorchSharp tensors
            foreach (var term in model.Losses(hdrWeight)) loss = loss + term.Value;
            if (loss.RequiresGrad) loss.Backward();
            adam.step();
            model.Update();
        }
        adam.ClearGrads();
        model.value.ClearGrad();   // brightness is not optimised here; its gradient must not reach the render's Adam
    }
}
