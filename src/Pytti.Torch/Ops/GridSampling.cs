using TorchSharp;
using F = TorchSharp.torch.nn.functional;

namespace Pytti.Torch.Ops;

/// <summary>
/// <c>F.grid_sample</c> with all three of PyTorch's modes: nearest and bilinear are TorchSharp's, bicubic is
/// <see cref="BicubicGridSample"/> (TorchSharp 0.107 has no bicubic grid sampling).
/// </summary>
public static class GridSampling
{
    /// <summary>Samples <paramref name="input"/> [N,C,H,W] at <paramref name="grid"/> [N,H',W',2] in [-1,1] coordinates.</summary>
    public static torch.Tensor GridSample(this torch.Tensor input, torch.Tensor grid, GridSampleMode mode = GridSampleMode.Bilinear,
        torch.GridSamplePaddingMode padding = torch.GridSamplePaddingMode.Zeros, bool alignCorners = false) =>
        mode switch
        {
            GridSampleMode.Bicubic => BicubicGridSample.Apply(input, grid, padding, alignCorners),
            GridSampleMode.Nearest => F.grid_sample(input, grid, torch.GridSampleMode.Nearest, padding, alignCorners),
            _ => F.grid_sample(input, grid, torch.GridSampleMode.Bilinear, padding, alignCorners),
        };
}
