namespace Pytti.Torch.Tests;

/// <summary>
/// Frozen fp32 linear layers through oneDNN (<see cref="Functional.Linear"/>) against the same product computed by
/// ATen: a weight that requires a gradient takes ATen's <c>linear</c>, and <c>matmul</c> is the reference.
/// Agreement to fp32 rounding (relative 1e-5), forward and input gradient.
/// </summary>
public class OneDnnLinearTests
{
    [Fact]
    public void The_bridge_has_oneDNN_as_built_by_build_setup()
    {
        Assert.True(LibTorch.OneDnnLinear, "libpytti_native was built without oneDNN: build/setup.sh installs libdnnl-dev");
        Assert.Equal("onednn", LibTorchInfo.LinearBackend);   // what frame keys record, read without loading libtorch
    }

    [Theory]
    [InlineData(new long[] { 2000, 768 }, 3072, true)]     // a ViT-B MLP: 40 cutouts × 50 tokens
    [InlineData(new long[] { 50, 40, 768 }, 2304, true)]   // CLIP's attention input projection, [L, N, E]
    [InlineData(new long[] { 7, 5 }, 3, false)]            // odd sizes, no bias
    [InlineData(new long[] { 5 }, 4, true)]                // a single vector
    public void Frozen_weights_give_ATen_s_product_and_input_gradient(long[] shape, long outFeatures, bool withBias)
    {
        using var guard = new LeakGuard();
        using var scope = LibTorch.NewDisposeScope();
        using var generator = new Generator(5);
        var inFeatures = shape[^1];
        var weight = Tensor.RandN([outFeatures, inFeatures], generator) * 0.05;
        var bias = withBias ? Tensor.RandN([outFeatures], generator) : null;
        var x = Tensor.RandN(shape, generator).RequiresGrad_();
        var g = Tensor.RandN([.. shape[..^1], outFeatures], generator);

        var y = Functional.Linear(x, weight, bias);                       // frozen: oneDNN
        y.Backward(g);
        var fastGrad = x.Grad!.Clone();
        x.ClearGrad();

        var trainable = weight.Clone().RequiresGrad_();                     // requires grad: ATen's linear
        var reference = Functional.Linear(x, trainable, bias);
        reference.Backward(g);
        var referenceGrad = x.Grad!;

        var product = Functional.MatMul(x.Detach(), weight.T());
        if (bias is not null) product = product + bias;
        TensorAssert.Close(product, y.Detach(), rtol: 1e-5, atol: 1e-5);
        TensorAssert.Close(reference.Detach(), y.Detach(), rtol: 1e-5, atol: 1e-5);
        TensorAssert.Close(referenceGrad, fastGrad, rtol: 1e-5, atol: 1e-5);
        Assert.NotNull(trainable.Grad);                                     // the fallback still trains its weight
        Assert.Equal(Functional.Linear(x.Detach(), weight, bias).ToArray<float>(), y.Detach().ToArray<float>());   // repeatable bit for bit
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Batched_products_match_ATen_with_both_gradients_on_transposed_views(bool transposedRight)
    {
        using var guard = new LeakGuard();
        using var scope = LibTorch.NewDisposeScope();
        using var generator = new Generator(8);
        var a = Tensor.RandN([24, 50, 64], generator).RequiresGrad_();
        var c = (transposedRight ? Tensor.RandN([24, 50, 64], generator) : Tensor.RandN([24, 64, 50], generator)).RequiresGrad_();
        var right = transposedRight ? c.Transpose(1, 2) : c;              // attention's kᵀ: a view, not a copy
        var g = Tensor.RandN([24, 50, 50], generator);

        var y = Functional.Bmm(a, right);
        y.Backward(g);
        var (ga, gc) = (a.Grad!.Clone(), c.Grad!.Clone());
        a.ClearGrad();
        c.ClearGrad();

        var reference = Functional.MatMul(a, right);                        // ATen (OpenBLAS)
        reference.Backward(g);
        TensorAssert.Close(reference.Detach(), y.Detach(), atol: 1e-5, rtol: 1e-5);
        TensorAssert.Close(a.Grad!, ga, atol: 1e-5, rtol: 1e-5);
        TensorAssert.Close(c.Grad!, gc, atol: 1e-5, rtol: 1e-5);
    }

    [Fact]
    public void Linear_layers_called_from_many_threads_at_once_give_the_single_threaded_bits()
    {
        // Cached oneDNN primitives run on whichever thread calls; each call must bring its own scratchpad.
        using var guard = new LeakGuard();
        using var generator = new Generator(13);
        using var raw = Tensor.RandN([1024, 768], generator);
        using var weight = raw * 0.03;
        using var bias = Tensor.RandN([1024], generator);
        using var input = Tensor.RandN([300, 768], generator);
        float[] expected;
        using (var y = Functional.Linear(input, weight, bias)) expected = y.ToArray<float>();
        var mismatches = 0;
        Parallel.For(0, 32, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
        {
            using var y = Functional.Linear(input, weight, bias);
            if (!y.ToArray<float>().AsSpan().SequenceEqual(expected)) Interlocked.Increment(ref mismatches);
        });
        Assert.Equal(0, mismatches);
    }
    [Theory]
    [InlineData(1.702, false)]   // CLIP's QuickGELU
    [InlineData(1.0, false)]     // SiLU
    [InlineData(1.702, true)]    // a transposed (non-contiguous) input
    public void Swish_matches_its_float64_definition_forward_and_backward(double alpha, bool transposed)
    {
        using var guard = new LeakGuard();
        using var scope = LibTorch.NewDisposeScope();
        using var generator = new Generator(21);
        var raw = Tensor.RandN([300, 257], generator) * 4.0;                // both tails of the sigmoid
        var x = (transposed ? raw.Transpose(0, 1) : raw).Detach().RequiresGrad_();
        var g = Tensor.RandN(x.Shape, generator);

        var y = Functional.Swish(x, alpha);                                 // fp32: oneDNN's swish
        y.Backward(g);

        var x64 = x.Detach().To(DType.Float64).RequiresGrad_();            // x·σ(αx) as written, in float64
        var reference = x64 * (x64 * alpha).Sigmoid();
        reference.Backward(g.To(DType.Float64));
        TensorAssert.Close(reference.Detach(), y.Detach().To(DType.Float64), atol: 1e-6, rtol: 1e-6, what: "swish");
        TensorAssert.Close(x64.Grad!, x.Grad!.To(DType.Float64), atol: 1e-6, rtol: 1e-6, what: "swish gradient");
        Assert.Equal(x.Shape, x.Grad!.Shape);
        Assert.Equal(Functional.Swish(x.Detach(), alpha).ToArray<float>(), y.Detach().ToArray<float>());   // repeatable bit for bit
    }

    [Fact]
    public void Swish_in_float64_takes_ATen_s_path_with_a_gradient()
    {
        using var guard = new LeakGuard();
        using var scope = LibTorch.NewDisposeScope();
        using var generator = new Generator(22);
        var x = Tensor.RandN([5, 7], generator).To(DType.Float64).RequiresGrad_();
        GradCheck.Check(v => Functional.Swish(v[0], 1.702), x);   // analytic against finite differences
    }
    [Fact]
    public void A_weight_written_in_place_after_use_is_read_anew_forward_and_backward()
    {
        // The input gradient reads frozen weights from a packed copy made at first use; writing the weight must not leave it stale.
        using var guard = new LeakGuard();
        using var scope = LibTorch.NewDisposeScope();
        using var generator = new Generator(31);
        var weight = Tensor.RandN([96, 64], generator) * 0.1;
        var x = Tensor.RandN([40, 64], generator).RequiresGrad_();
        var g = Tensor.RandN([40, 96], generator);
        Functional.Linear(x, weight).Backward(g);                          // packs the weight
        x.ClearGrad();

        weight.CopyFrom_(Tensor.RandN([96, 64], generator) * 0.1);          // e.g. a state dict loaded into the module
        var y = Functional.Linear(x, weight);
        y.Backward(g);
        TensorAssert.Close(Functional.MatMul(x.Detach(), weight.T()), y.Detach(), atol: 1e-5, rtol: 1e-5, what: "product");
        TensorAssert.Close(Functional.MatMul(g, weight), x.Grad!, atol: 1e-5, rtol: 1e-5, what: "input gradient");
    }

    [Fact]
    public void Weights_that_come_and_go_and_views_of_one_weight_each_give_their_own_input_gradient()
    {
        using var guard = new LeakGuard();
        using var generator = new Generator(32);
        using var x = Tensor.RandN([40, 64], generator).RequiresGrad_();
        for (var round = 0; round < 5; round++)                            // freed weights' storage is reused by the allocator
        {
            using var scope = LibTorch.NewDisposeScope();
            var rows = Tensor.RandN([192, 64], generator);
            foreach (var (start, length) in new[] { (0L, 96L), (96L, 96L), (0L, 192L) })   // e.g. a packed in-projection's rows
            {
                var w = rows.Narrow(0, start, length);
                var g = Tensor.RandN([40, length], generator);
                Functional.Linear(x, w).Backward(g);
                TensorAssert.Close(Functional.MatMul(g, w), x.Grad!, atol: 1e-5, rtol: 1e-5, what: $"round {round}, rows {start}+{length}");
                x.ClearGrad();
            }
        }
    }
}
