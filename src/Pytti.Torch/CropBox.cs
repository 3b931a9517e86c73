namespace Pytti.Torch;

/// <summary>A box of an NCHW image for <see cref="Ops.CropPool.CropAdaptiveAvgPool2d"/>: top row, left column, height, width, in pixels.</summary>
public readonly record struct CropBox(long Y, long X, long Height, long Width);
