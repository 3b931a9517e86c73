namespace Pytti.Torch.Serialization;

/// <summary>Row-major strided index arithmetic, in elements.</summary>
internal static class StridedLayout
{
    public static long[] ContiguousStrides(long[] shape)
    {
        var strides = new long[shape.Length];
        long step = 1;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            strides[d] = step;
            step *= Math.Max(shape[d], 1);
        }
        return strides;
    }

    /// <summary>PyTorch's rule: dimensions of size 1 may have any stride.</summary>
    public static bool IsContiguous(long[] shape, long[] strides)
    {
        long expected = 1;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            if (shape[d] == 0) return true;
            if (shape[d] == 1) continue;
            if (strides[d] != expected) return false;
            expected *= shape[d];
        }
        return true;
    }

    /// <summary>Number of storage elements from the first to the last one the view touches (inclusive).</summary>
    /// <exception cref="OverflowException">The claimed sizes and strides reach past any storage.</exception>
    public static long ElementSpan(long[] shape, long[] strides)
    {
        long last = 0;
        for (int d = 0; d < shape.Length; d++)
        {
            if (shape[d] == 0) return 0;
            last = checked(last + (shape[d] - 1) * strides[d]);
        }
        return checked(last + 1);
    }

    /// <summary>Copies a strided view out of <paramref name="window"/> (which starts at the view's first element) in row-major order.</summary>
    public static byte[] Gather(byte[] window, long[] shape, long[] strides, int elementSize)
    {
        long count = shape.Aggregate(1L, (n, d) => n * d);
        var result = new byte[checked(count * elementSize)];
        var index = new long[shape.Length];
        long source = 0;
        for (long i = 0; i < count; i++)
        {
            Buffer.BlockCopy(window, checked((int)(source * elementSize)), result, checked((int)(i * elementSize)), elementSize);
            source = Advance(index, shape, strides, source);
        }
        return result;
    }

    // Odometer step over the multi-index; returns the new source element position.
    private static long Advance(long[] index, long[] shape, long[] strides, long source)
    {
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            index[d]++;
            source += strides[d];
            if (index[d] < shape[d]) return source;
            source -= strides[d] * shape[d];
            index[d] = 0;
        }
        return source;
    }
}
