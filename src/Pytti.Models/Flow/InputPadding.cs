using Pytti.Torch;

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

    public Tensor Apply(Tensor image) =>
        IsNone ? image.Share() : Functional.Pad(image, [Left, Right, Top, Bottom], PadMode.Replicate);

    /// <summary>The unpadded region of a full-resolution [N, C, H', W'] tensor.</summary>
    public Tensor Crop(Tensor padded)
    {
        if (IsNone) return padded.Share();
        using var rows = padded.Slice(2, Top, padded.Size(2) - Bottom);
        return rows.Slice(3, Left, padded.Size(3) - Right).Contiguous();
    }
}
