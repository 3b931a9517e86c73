namespace Pytti.Torch;

/// <summary>A number passed to an operator's <c>Scalar</c> argument, keeping integer-ness so that integer tensors stay integer.</summary>
public readonly record struct Scalar
{
    private Scalar(bool isInteger, long integer, double real)
    {
        IsInteger = isInteger;
        Integer = integer;
        Real = real;
    }

    public bool IsInteger { get; }
    public long Integer { get; }
    public double Real { get; }

    public double ToDouble() => IsInteger ? Integer : Real;

    public static implicit operator Scalar(int value) => new(true, value, 0);
    public static implicit operator Scalar(long value) => new(true, value, 0);
    public static implicit operator Scalar(float value) => new(false, 0, value);
    public static implicit operator Scalar(double value) => new(false, 0, value);

    public override string ToString() => IsInteger ? Integer.ToString(System.Globalization.CultureInfo.InvariantCulture) : Real.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
