using static TorchSharp.torch;

namespace Pytti.Models.Flow;

/// <summary>
/// Upstream's <c>InputPadder</c> in its default ("sintel") mode: replicate-pads height and width up to
/// multiples of 8, split evenly with the extra pixel at the bottom / right; <see cref="Crop"/> undoes it.
/// </summary>
internal readonly record struct InputPadding(long Left, long Right, long Top, long Bottom)
{
    public static InputPadding For(long height, long width)
    {
        var padH = (8 - height % 8) % 8;
        var padW = (8 - width % 8) % 8;
        return new InputPadding(padW / 2, padW - padW / 2, padH / 2, padH - padH / 2);
    }

    public bool IsNone => Left == 0 && Right == 0 && Top == 0 && Bottom == 0;

    /// <summary>The padded image, or <paramref name="image"/> itself when no padding is needed (the caller still owns it).</summary>
    public Tensor Apply(Tensor image) =>
        IsNone ? image : nn.functional.pad(image, [Left, Right, Top, Bottom], TorchSharp.PaddingModes.Replicate);

    /// <summary>The unpadded region of a full-resolution [N, C, H', W'] tensor, or <paramref name="padded"/> itself when there is no padding.</summary>
    public Tensor Crop(Tensor padded)
    {
        if (IsNone) return padded;
        using var rows = padded.narrow(2, Top, padded.shape[2] - Top - Bottom);
        using var region = rows.narrow(3, Left, padded.shape[3] - Left - Right);
        return region.contiguous();
    }
}
