using System.Numerics;
using TS = TorchSharp;

namespace Pytti.Torch.Ops;

/// <summary>
/// The cutouts' crop + adaptive average pool as one TorchSharp autograd function over the image's memory: the forward
/// reads each box straight from the image (no slice, no copy per box, no cat) and sums in ATen's order, so its values
/// are adaptive_avg_pool2d's bit for bit; the backward writes one gradient image instead of one zero-filled image per
/// box. Channels run in parallel and each channel's boxes in order, so the gradient has the same bits on every run.
/// For the inputs <see cref="Fits"/> names; <see cref="CropPool"/> sends anything else through ATen's operators.
/// </summary>
internal sealed class CropPoolKernel : TS.torch.autograd.SingleTensorFunction<CropPoolKernel>
{
    public override string Name => "CropPool";

    /// <summary>
    /// The inputs whose sums ATen's adaptive_avg_pool2d forms in this kernel's order: one contiguous float32/float64 CPU
    /// image and an output larger than 1×1 (ATen reduces a 1×1 output as a mean, in another order).
    /// </summary>
    public static bool Fits(TS.torch.Tensor input, long[] outputSize) =>
        input.device_type == TS.DeviceType.CPU && input.dtype is TS.torch.ScalarType.Float32 or TS.torch.ScalarType.Float64
        && input.dim() == 4 && input.shape[0] == 1 && input.is_contiguous() && outputSize[0] * outputSize[1] > 1;

    public override TS.torch.Tensor forward(TS.torch.autograd.AutogradContext ctx, params object[] vars)
    {
        var input = ((TS.torch.Tensor)vars[0]).contiguous();
        var boxes = (CropBox[])vars[1];
        var (oh, ow) = ((long)vars[2], (long)vars[3]);
        ctx.save_data("boxes", boxes);
        ctx.save_data("shape", input.shape);
        using var dense = input;
        var (n, c) = (input.shape[0], input.shape[1]);
        var output = TS.torch.empty([boxes.Length * n, c, oh, ow], input.dtype);
        if (input.dtype == TS.torch.ScalarType.Float32) Forward<float>(input, output, boxes, oh, ow);
        else Forward<double>(input, output, boxes, oh, ow);
        return output;
    }

    public override List<TS.torch.Tensor> backward(TS.torch.autograd.AutogradContext ctx, TS.torch.Tensor gradOutput)
    {
        var boxes = (CropBox[])ctx.get_data("boxes");
        var shape = (long[])ctx.get_data("shape");
        // Under create_graph the gradient must itself be differentiable: the same linear map through ATen's operators.
        if (TS.torch.is_grad_enabled()) return [DifferentiableBackward(shape, boxes, gradOutput), null!, null!, null!];
        using var g = gradOutput.contiguous();
        var gradInput = TS.torch.zeros(shape, g.dtype);
        if (g.dtype == TS.torch.ScalarType.Float32) Backward<float>(g, gradInput, boxes);
        else Backward<double>(g, gradInput, boxes);
        return [gradInput, null!, null!, null!];   // one per forward argument: the boxes and sizes have none
    }

    /// <summary>The crop-and-pool's adjoint applied to <paramref name="gradOutput"/> by autograd through slice, pool and cat.</summary>
    private static TS.torch.Tensor DifferentiableBackward(long[] shape, CropBox[] boxes, TS.torch.Tensor gradOutput)
    {
        using var x = TS.torch.zeros(shape, gradOutput.dtype).requires_grad_();
        var (oh, ow) = (gradOutput.shape[2], gradOutput.shape[3]);
        var pooled = boxes.Select(b =>
        {
            using var rows = x.narrow(2, b.Y, b.Height);
            using var crop = rows.narrow(3, b.X, b.Width);
            return TS.torch.nn.functional.adaptive_avg_pool2d(crop, [oh, ow]);
        }).ToList();
        try
        {
            using var y = TS.torch.cat(pooled, 0);
            return TS.torch.autograd.grad([y], [x], [gradOutput], retain_graph: true, create_graph: true)[0];
        }
        finally
        {
            foreach (var p in pooled) p.Dispose();
        }
    }

    // ATen's adaptive pooling windows: [floor(i·in/out), ceil((i+1)·in/out)), computed in float as ATen does.
    private static long Start(long i, long output, long input) => (long)MathF.Floor((float)(i * input) / output);
    private static long End(long i, long output, long input) => (long)MathF.Ceiling((float)((i + 1) * input) / output);

    private static unsafe void Forward<T>(TS.torch.Tensor input, TS.torch.Tensor output, CropBox[] boxes, long oh, long ow)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (n, c, h, w) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3]);
        fixed (byte* source = input.bytes)
        fixed (byte* target = output.bytes)
        {
            var (src, dst) = ((IntPtr)source, (IntPtr)target);
            // one task per (box, image, channel) plane of the output: [K·N, C, oh, ow]
            Parallel.For(0L, boxes.LongLength * n * c, plane =>
            {
                var box = boxes[plane / (n * c)];
                var image = plane / c % n;
                var channel = plane % c;
                var from = (T*)src + (image * c + channel) * h * w + box.Y * w + box.X;
                var to = (T*)dst + plane * oh * ow;
                for (long y = 0; y < oh; y++)
                {
                    var (y0, y1) = (Start(y, oh, box.Height), End(y, oh, box.Height));
                    for (long x = 0; x < ow; x++)
                    {
                        var (x0, x1) = (Start(x, ow, box.Width), End(x, ow, box.Width));
                        var sum = T.Zero;
                        for (var iy = y0; iy < y1; iy++)
                            for (var ix = x0; ix < x1; ix++)
                                sum += from[iy * w + ix];
                        to[y * ow + x] = sum / T.CreateTruncating(y1 - y0) / T.CreateTruncating(x1 - x0);
                    }
                }
            });
        }
    }

    private static unsafe void Backward<T>(TS.torch.Tensor gradOutput, TS.torch.Tensor gradInput, CropBox[] boxes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (n, c, h, w) = (gradInput.shape[0], gradInput.shape[1], gradInput.shape[2], gradInput.shape[3]);
        var (oh, ow) = (gradOutput.shape[2], gradOutput.shape[3]);
        fixed (byte* source = gradOutput.bytes)
        fixed (byte* target = gradInput.bytes)
        {
            var (src, dst) = ((IntPtr)source, (IntPtr)target);
            // one task per (image, channel) gradient plane; its boxes in order, so the sums repeat exactly
            Parallel.For(0L, n * c, plane =>
            {
                var (image, channel) = (plane / c, plane % c);
                var to = (T*)dst + plane * h * w;
                for (var k = 0; k < boxes.Length; k++)
                {
                    var box = boxes[k];
                    var from = (T*)src + ((k * n + image) * c + channel) * oh * ow;
                    for (long y = 0; y < oh; y++)
                    {
                        var (y0, y1) = (Start(y, oh, box.Height), End(y, oh, box.Height));
                        for (long x = 0; x < ow; x++)
                        {
                            var (x0, x1) = (Start(x, ow, box.Width), End(x, ow, box.Width));
                            var share = from[y * ow + x] / T.CreateTruncating(y1 - y0) / T.CreateTruncating(x1 - x0);
                            for (var iy = y0; iy < y1; iy++)
                                for (var ix = x0; ix < x1; ix++)
                                    to[(box.Y + iy) * w + box.X + ix] += share;
                        }
                    }
                }
            });
        }
    }
}
