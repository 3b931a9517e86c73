using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Pytti.Torch.Native;

/// <summary>
/// An ATen operator, called boxed through the dispatcher by schema name and overload. The native
/// handle is looked up on first use and cached. Arguments are given in schema order; trailing
/// arguments left out take the schema's defaults.
/// </summary>
internal sealed unsafe class Op(string name, string overload = "")
{
    private const int InlineResults = 8;
    private const int StackScratchSlots = 256;

    private IntPtr _handle;

    public string Name { get; } = name;
    public string Overload { get; } = overload;

    public IntPtr Handle => _handle != IntPtr.Zero ? _handle : Find();

    /// <summary>The operator's schema as libtorch prints it.</summary>
    public string Schema
    {
        get
        {
            Checked.Check(NativeMethods.pt_op_schema(Handle, out var text));
            return System.Runtime.InteropServices.Marshal.PtrToStringUTF8(text)!;
        }
    }

    private IntPtr Find()
    {
        Checked.Check(NativeMethods.pt_op_find(Name, Overload, out var handle));
        return _handle = handle;
    }

    /// <summary>Calls the operator and returns its single tensor result.</summary>
    public Tensor Call(params ReadOnlySpan<Arg> args)
    {
        PtValue* outs = stackalloc PtValue[InlineResults];
        var n = Invoke(args, outs, InlineResults);
        if (n != 1 || outs[0].Tag != PtTag.Tensor)
        {
            var results = Collect(outs, n);
            foreach (var r in results) (r as Tensor)?.Dispose();
            throw new InvalidOperationException($"{Name}.{Overload} returned {n} values, expected one tensor");
        }
        return new Tensor(outs[0].Ptr);
    }

    /// <summary>Calls the operator and returns every result, lists and tuples flattened (tensors, longs, doubles, bools, nulls).</summary>
    public object?[] CallMany(params ReadOnlySpan<Arg> args)
    {
        PtValue* outs = stackalloc PtValue[InlineResults];
        var n = Invoke(args, outs, InlineResults);
        return Collect(outs, n);
    }

    /// <summary>Calls an operator that returns tensors only (tuples and lists flattened).</summary>
    public Tensor[] CallTensors(params ReadOnlySpan<Arg> args) =>
        CallMany(args).OfType<Tensor>().ToArray();

    /// <summary>Calls an operator for its side effect (in-place ops); disposes what it returns.</summary>
    public void CallInPlace(params ReadOnlySpan<Arg> args)
    {
        foreach (var r in CallMany(args)) (r as Tensor)?.Dispose();
    }

    private int Invoke(ReadOnlySpan<Arg> args, PtValue* outs, int cap)
    {
        var handle = Handle;
        var slots = 0;
        foreach (ref readonly var a in args) slots += a.ScratchSlots;
        long[]? heapScratch = slots > StackScratchSlots ? GC.AllocateArray<long>(slots, pinned: true) : null;
        long* scratch = stackalloc long[heapScratch is null ? slots : 0];
        if (heapScratch is not null) scratch = (long*)Unsafe.AsPointer(ref heapScratch[0]);

        PtValue* native = stackalloc PtValue[args.Length];
        var used = 0;
        for (var i = 0; i < args.Length; i++)
            native[i] = ToNative(args[i], scratch, ref used);

        var rc = NativeMethods.pt_op_call(handle, native, args.Length, outs, cap, out var count);
        foreach (ref readonly var a in args) GC.KeepAlive(a.Ref);
        GC.KeepAlive(heapScratch);
        if (rc != 0) throw new TorchException(Checked.LastError());
        return count;
    }

    private static PtValue ToNative(in Arg a, long* scratch, ref int used)
    {
        var v = new PtValue { Tag = a.Tag };
        switch (a.Tag)
        {
            case PtTag.Int or PtTag.Bool: v.Int = a.Int; break;
            case PtTag.Double: v.Double = a.Double; break;
            case PtTag.Tensor: v.Ptr = ((Tensor)a.Ref!).Ptr; break;
            case PtTag.Generator: v.Ptr = ((Generator)a.Ref!).Ptr; break;
            case PtTag.Device: v.Int = a.Int; v.Len = (int)a.Ref!; break;
            default: MarshalPayload(a, scratch, ref used, ref v); break;
        }
        return v;
    }

    private static void MarshalPayload(in Arg a, long* scratch, ref int used, ref PtValue v)
    {
        var dst = scratch + used;
        v.Ptr = (IntPtr)dst;
        switch (a.Ref)
        {
            case long[] list:
                list.AsSpan().CopyTo(new Span<long>(dst, list.Length));
                v.Len = list.Length;
                break;
            case double[] list:
                list.AsSpan().CopyTo(new Span<double>(dst, list.Length));
                v.Len = list.Length;
                break;
            case bool[] list:
                for (var i = 0; i < list.Length; i++) ((byte*)dst)[i] = list[i] ? (byte)1 : (byte)0;
                v.Len = list.Length;
                break;
            case Tensor?[] list:
                for (var i = 0; i < list.Length; i++) ((IntPtr*)dst)[i] = list[i]?.Ptr ?? IntPtr.Zero;
                v.Len = list.Length;
                break;
            case string s:
                v.Len = Encoding.UTF8.GetBytes(s, new Span<byte>(dst, a.ScratchSlots * 8));
                break;
        }
        used += a.ScratchSlots;
    }

    private static object?[] Collect(PtValue* inline, int count)
    {
        var values = new PtValue[count];
        var fromInline = Math.Min(count, InlineResults);
        for (var i = 0; i < fromInline; i++) values[i] = inline[i];
        if (count > InlineResults)
        {
            fixed (PtValue* rest = &values[InlineResults])
                Checked.Check(NativeMethods.pt_op_take_results(rest, count - InlineResults));
        }
        var result = new List<object?>(count);
        foreach (var v in values)
        {
            switch (v.Tag)
            {
                case PtTag.Tensor: result.Add(new Tensor(v.Ptr)); break;
                case PtTag.Int: result.Add(v.Int); break;
                case PtTag.Bool: result.Add(v.Int != 0); break;
                case PtTag.Double: result.Add(v.Double); break;
                case PtTag.None: result.Add(null); break;
                default: break;  // list headers: their elements follow
            }
        }
        return result.ToArray();
    }
}
