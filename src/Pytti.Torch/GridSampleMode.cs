namespace Pytti.Torch;

/// <summary>How <see cref="Ops.GridSampling.GridSample"/> reads between pixels; values are ATen's <c>grid_sampler</c> codes.</summary>
public enum GridSampleMode { Bilinear = 0, Nearest = 1, Bicubic = 2 }
