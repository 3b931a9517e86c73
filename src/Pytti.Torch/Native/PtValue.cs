using System.Runtime.InteropServices;

namespace Pytti.Torch.Native;

/// <summary>Tags of the boxed calling convention; mirror <c>enum pt_tag</c> in pytti_native.h.</summary>
internal enum PtTag : int
{
    Default = 0,
    None = 1,
    Tensor = 2,
    Int = 3,
    Double = 4,
    Bool = 5,
    IntList = 6,
    DoubleList = 7,
    TensorList = 8,
    String = 9,
    Device = 10,
    Generator = 11,
    BoolList = 12,
}

/// <summary>One argument or result of a boxed operator call (<c>pt_value</c>, 16 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
internal struct PtValue
{
    [FieldOffset(0)] public PtTag Tag;
    [FieldOffset(4)] public int Len;
    [FieldOffset(8)] public IntPtr Ptr;
    [FieldOffset(8)] public long Int;
    [FieldOffset(8)] public double Double;
}

/// <summary>Tensor metadata in one native call (<c>pt_tensor_meta</c>).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PtTensorMeta
{
    public int DType;
    public int NDim;
    public int DeviceType;
    public int DeviceIndex;
    public int RequiresGrad;
    public int IsLeaf;
    public int IsContiguous;
    public int Reserved;
    public long NumElements;
}
