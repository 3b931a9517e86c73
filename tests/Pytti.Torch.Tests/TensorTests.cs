using Pytti.Torch;

namespace Pytti.Torch.Tests;

public class TensorTests
{
    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    [InlineData(DType.Float16)]
    [InlineData(DType.BFloat16)]
    [InlineData(DType.Int64)]
    [InlineData(DType.Int32)]
    [InlineData(DType.UInt8)]
    [InlineData(DType.Bool)]
    public void Every_dtype_converts_and_round_trips_small_integers(DType dtype)
    {
        using var guard = new LeakGuard();
        using var source = Tensor.From([0.0, 1.0, 0.0, 1.0, 1.0, 0.0], 2, 3);
        using var converted = source.To(dtype);
        Assert.Equal(dtype, converted.DType);
        Assert.Equal([2L, 3L], converted.Shape);
        Assert.Equal(6 * dtype.ElementSize(), converted.ToBytes().Length);
        using var back = converted.To(DType.Float64);
        Assert.Equal(source.ToArray<double>(), back.ToArray<double>());
    }

    [Fact]
    public void Arithmetic_operators_follow_pytorch_semantics()
    {
        using var guard = new LeakGuard();
        using var scope = LibTorch.NewDisposeScope();
        var a = Tensor.From([1f, 2f, 3f, 4f], 2, 2);
        var b = Tensor.From([10f, 20f], 2);
        Assert.Equal([11f, 22f, 13f, 24f], (a + b).ToArray<float>());      // broadcasting
        Assert.Equal([-9f, -18f, -7f, -16f], (a - b).ToArray<float>());
        Assert.Equal([2f, 4f, 6f, 8f], (a * 2).ToArray<float>());
        Assert.Equal([0.5f, 1f, 1.5f, 2f], (a / 2).ToArray<float>());
        Assert.Equal([9f, 8f, 7f, 6f], (10 - a).ToArray<float>());
        Assert.Equal([1f, 0f, 1f, 0f], (a % 2).ToArray<float>());
        Assert.Equal(10.0, a.Sum().Item());
        Assert.Equal([4f, 6f], a.Sum(0).ToArray<float>());
        Assert.Equal([1.5f, 3.5f], a.Mean(1).ToArray<float>());
        var ints = Tensor.From([5L, 7L]);
        var sum = ints + 1;
        Assert.Equal(DType.Int64, sum.DType);                               // integer scalars keep integer tensors
        Assert.Equal([6L, 8L], sum.ToArray<long>());
        Assert.Equal([false, true, true, true], a.Gt(1.5).ToArray<bool>());
        var (values, indices) = a.Max(1);
        Assert.Equal([2f, 4f], values.ToArray<float>());
        Assert.Equal([1L, 1L], indices.ToArray<long>());
        var (top, topIdx) = Tensor.From([3f, 1f, 4f, 1f, 5f]).TopK(2);
        Assert.Equal([5f, 4f], top.ToArray<float>());
        Assert.Equal([4L, 2L], topIdx.ToArray<long>());
        Assert.Equal(5.0, Tensor.From([3f, 4f]).Norm().Item(), 6);
    }

    [Fact]
    public void Views_share_storage_and_layout_queries_are_right()
    {
        using var guard = new LeakGuard();
        using var scope = LibTorch.NewDisposeScope();
        var x = Tensor.Arange(0L, 6L, 1L, DType.Float32).Reshape(2, 3);
        var t = x.T();
        Assert.Equal([3L, 2L], t.Shape);
        Assert.Equal([1L, 3L], t.Strides);
        Assert.False(t.IsContiguous);
        Assert.Equal([0f, 3f, 1f, 4f, 2f, 5f], t.ToArray<float>());          // copies out in logical order
        var row = x[1];
        row.Fill_(7);
        Assert.Equal([0f, 1f, 2f, 7f, 7f, 7f], x.ToArray<float>());          // select is a view
        Assert.Equal([0f, 2f, 7f, 7f], x.Slice(1, 0, null, 2).ToArray<float>());
        Assert.Equal([2f, 0f, 1f, 7f, 7f, 7f], x.Roll([1], [1]).ToArray<float>());
        Assert.Equal([7f, 7f, 7f, 0f, 1f, 2f], x.Flip(0).ToArray<float>());
        var parts = x.Split([1L, 2L], 1);
        Assert.Equal([1L, 2L], parts.Select(p => p.Size(1)));
        Assert.Equal([2L, 2L, 3L], Tensor.Stack([x, x]).Shape);
        Assert.Equal([4L, 3L], Tensor.Cat([x, x]).Shape);
    }

    [Fact]
    public void Index_gather_scatter()
    {
        using var guard = new LeakGuard();
        using var scope = LibTorch.NewDisposeScope();
        var x = Tensor.From([10f, 11f, 12f, 20f, 21f, 22f], 2, 3);
        var idx = Tensor.From([2L, 0L]);
        Assert.Equal([12f, 10f, 22f, 20f], x.IndexSelect(1, idx).ToArray<float>());
        Assert.Equal([12f, 10f, 22f, 20f], x.Index(null, idx).ToArray<float>());
        var g = Tensor.From([1L, 1L, 0L, 2L, 0L, 0L], 2, 3);
        Assert.Equal([11f, 11f, 10f, 22f, 20f, 20f], x.Gather(1, g).ToArray<float>());
        var z = Tensor.Zeros([2, 3]);
        var src = Tensor.Ones([2, 3]);
        var s = z.ScatterAdd(1, Tensor.From([0L, 0L, 2L, 1L, 1L, 1L], 2, 3), src);
        Assert.Equal([2f, 0f, 1f, 0f, 3f, 0f], s.ToArray<float>());
    }

    [Fact]
    public void Dispose_scope_disposes_temporaries_and_keeps_escaped_results()
    {
        using var guard = new LeakGuard();
        Tensor kept;
        Tensor temporary;
        using (var scope = LibTorch.NewDisposeScope())
        {
            temporary = Tensor.Ones([3]);
            kept = (temporary * 2).MoveToOuterScope();
            Assert.Equal(1, scope.Count);   // the escaped result no longer belongs to it
        }
        Assert.True(temporary.IsDisposed);
        Assert.False(kept.IsDisposed);
        Assert.Equal([2f, 2f, 2f], kept.ToArray<float>());
        kept.Dispose();
        Assert.Throws<ObjectDisposedException>(() => kept.Shape);
    }

    [Fact]
    public void Nested_scopes_move_results_one_level_out()
    {
        using var guard = new LeakGuard();
        using var outer = LibTorch.NewDisposeScope();
        Tensor result;
        using (var inner = LibTorch.NewDisposeScope())
        {
            result = Tensor.Ones([2]).MoveToOuterScope();
        }
        Assert.False(result.IsDisposed);
        Assert.Equal(1, outer.Count);
    }

    [Fact]
    public void Forward_backward_loop_in_scopes_returns_live_tensor_count_to_baseline()
    {
        using var guard = new LeakGuard();
        using var model = new NN.Sequential(new NN.Linear(8, 16), new NN.Lambda(x => Functional.Gelu(x)), new NN.LayerNorm(16), new NN.Linear(16, 4));
        using var gen = new Generator(5);
        var baseline = Tensor.LiveCount;
        for (var step = 0; step < 200; step++)
        {
            using var scope = LibTorch.NewDisposeScope();
            var x = Tensor.RandN([32, 8], gen);
            var loss = model.Forward(x).Square().Mean();
            loss.Backward();
            using (LibTorch.NoGrad())
            {
                foreach (var p in model.Parameters())
                {
                    p.Add_(p.Grad!, -1e-2);   // plain gradient descent; the engine's Adam is TorchSharp's (AdamTests)
                    p.ClearGrad();
                }
            }
            Assert.True(scope.Count > 0);
        }
        // The gradients and every temporary go with their step's scope: nothing stays.
        Assert.Equal(baseline, Tensor.LiveCount);
    }

    [Fact]
    public void Seeded_generators_reproduce_draws_and_their_state_restores()
    {
        using var guard = new LeakGuard();
        using var scope = LibTorch.NewDisposeScope();
        using var g1 = new Generator(42);
        using var g2 = new Generator(42);
        Assert.Equal(Tensor.RandN([16], g1).ToArray<float>(), Tensor.RandN([16], g2).ToArray<float>());
        var state = g1.GetState();
        var first = Tensor.Rand([8], g1).ToArray<float>();
        var firstInts = Tensor.RandInt(0, 100, [8], g1).ToArray<long>();
        g1.SetState(state);
        Assert.Equal(first, Tensor.Rand([8], g1).ToArray<float>());
        Assert.Equal(firstInts, Tensor.RandInt(0, 100, [8], g1).ToArray<long>());
        Assert.All(firstInts, v => Assert.InRange(v, 0, 99));
        Assert.Equal(42UL, g1.InitialSeed);
        LibTorch.ManualSeed(7);
        var a = Tensor.RandN([4]).ToArray<float>();
        LibTorch.ManualSeed(7);
        Assert.Equal(a, Tensor.RandN([4]).ToArray<float>());
    }

    [Fact]
    public void Grad_modes_control_graph_recording()
    {
        using var guard = new LeakGuard();
        using var scope = LibTorch.NewDisposeScope();
        var x = Tensor.Ones([2]).RequiresGrad_();
        Assert.True(LibTorch.IsGradEnabled);
        using (LibTorch.NoGrad())
        {
            Assert.False(LibTorch.IsGradEnabled);
            Assert.False((x * 2).RequiresGrad);
            using (LibTorch.EnableGrad()) Assert.True((x * 2).RequiresGrad);
        }
        Assert.True((x * 2).RequiresGrad);
        using (LibTorch.InferenceMode())
        {
            Assert.False((x * 2).RequiresGrad);
        }
        var y = (x * x).Sum();
        y.Backward();
        Assert.Equal([2f, 2f], x.Grad!.ToArray<float>());
        x.ClearGrad();
        Assert.Null(x.Grad);
    }

    [Fact]
    public void Backward_without_graph_is_a_clear_error()
    {
        using var guard = new LeakGuard();
        using var x = Tensor.Ones([2]);
        using var y = x.Sum();
        var e = Assert.Throws<TorchException>(() => y.Backward());
        Assert.Contains("does not require grad", e.Message);
    }

    [Fact]
    public void Device_names_parse()
    {
        Assert.Equal(Device.Cpu, Device.Parse("cpu"));
        Assert.Equal(Device.Cuda(1), Device.Parse("CUDA:1"));
        Assert.Equal("cuda:0", Device.Parse("cuda").ToString());
        Assert.Throws<FormatException>(() => Device.Parse("gpu"));
    }

    [Fact]
    public void Cuda_tensors_work_where_cuda_exists_and_are_a_clear_error_elsewhere()
    {
        using var guard = new LeakGuard();
        if (LibTorch.CudaIsAvailable)
        {
            using var onGpu = Tensor.Ones([2], device: Device.Cuda(0));
            Assert.Equal(DeviceType.Cuda, onGpu.Device.Type);
            using var back = onGpu.To(Device.Cpu);
            Assert.Equal([1f, 1f], back.ToArray<float>());
        }
        else
        {
            var e = Assert.Throws<TorchException>(() => Tensor.Zeros([2], device: Device.Cuda(0)));
            Assert.Contains("CUDA", e.Message, StringComparison.OrdinalIgnoreCase);
        }
    }
}
