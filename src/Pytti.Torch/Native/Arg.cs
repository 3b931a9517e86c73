namespace Pytti.Torch.Native;

/// <summary>
/// One argument of a boxed operator call, as the caller writes it. Implicit conversions let
/// wrappers write <c>Ops.Conv2d.Call(input, weight, bias, stride, padding)</c>.
/// Lists and strings are copied to the stack when the call is made.
/// </summary>
internal readonly struct Arg
{
    internal readonly PtTag Tag;
    internal readonly long Int;
    internal readonly double Double;
    internal readonly object? Ref;

    private Arg(PtTag tag, long i = 0, double d = 0, object? r = null)
    {
        Tag = tag;
        Int = i;
        Double = d;
        Ref = r;
    }

    /// <summary>Use the schema's default value.</summary>
    public static readonly Arg Default = new(PtTag.Default);

    /// <summary>An explicit None for an optional argument.</summary>
    public static readonly Arg None = new(PtTag.None);

    public static Arg OptionalDType(DType? dtype) => dtype is { } d ? new Arg(PtTag.Int, (long)d) : None;

    public static implicit operator Arg(Tensor? t) => t is null ? None : new(PtTag.Tensor, r: t);
    public static implicit operator Arg(long v) => new(PtTag.Int, v);
    public static implicit operator Arg(int v) => new(PtTag.Int, v);
    public static implicit operator Arg(double v) => new(PtTag.Double, d: v);
    public static implicit operator Arg(bool v) => new(PtTag.Bool, v ? 1 : 0);
    public static implicit operator Arg(DType v) => new(PtTag.Int, (long)v);
    public static implicit operator Arg(Scalar s) => s.IsInteger ? new(PtTag.Int, s.Integer) : new(PtTag.Double, d: s.Real);
    public static implicit operator Arg(long[]? v) => v is null ? None : new(PtTag.IntList, r: v);
    public static implicit operator Arg(double[]? v) => v is null ? None : new(PtTag.DoubleList, r: v);
    public static implicit operator Arg(bool[]? v) => v is null ? None : new(PtTag.BoolList, r: v);
    public static implicit operator Arg(Tensor?[]? v) => v is null ? None : new(PtTag.TensorList, r: v);
    public static implicit operator Arg(string? v) => v is null ? None : new(PtTag.String, r: v);
    public static implicit operator Arg(Device d) => new(PtTag.Device, (long)d.Type, r: d.Index);
    public static implicit operator Arg(Generator? g) => g is null ? None : new(PtTag.Generator, r: g);

    /// <summary>Number of 8-byte scratch slots this argument needs for its list or string payload.</summary>
    internal int ScratchSlots => Ref switch
    {
        long[] a => a.Length,
        double[] a => a.Length,
        bool[] a => (a.Length + 7) / 8,
        Tensor?[] a => a.Length,
        string s => (System.Text.Encoding.UTF8.GetByteCount(s) + 7) / 8,
        _ => 0,
    };
}
