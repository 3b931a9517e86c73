using Pytti.Engine.Cutouts;
using Pytti.Engine.ImageModels;
using Pytti.Engine.Prompts;
using Pytti.Scenes.Diagnostics;
using Pytti.Scenes.Dsl;
using Pytti.Scenes.Expressions;
using TorchSharp;

namespace Pytti.Engine.Tests;

/// <summary>
/// The render's device reaches every tensor the engine creates (issue #12). There is no GPU here, so the
/// device is libtorch's "meta" device: tensors with shapes and dtypes but no storage. A tensor the engine
/// made on the CPU by mistake would show up as CPU (or fail to combine with a meta tensor). Some operators have
/// no meta kernel in libtorch 2.10 (conv2d, flip), so the edge loss and the full augmentation chain are not
/// covered here; their device handling is the same <c>device: x.device</c> pattern checked below.
/// </summary>
public class DeviceThreadingTests
{
    private static readonly torch.Device Meta = new("meta");

    public static TheoryData<string> ImageModels => new() { "Unlimited Palette", "Limited Palette", "VQGAN" };

    private static Pytti.Scenes.SceneDocument Scene(string imageModel) => Fixtures.Scene($"""
        scenes: a lighthouse
        image_model: {imageModel}
        vqgan_model: {VqganImageTests.Checkpoint}
        width: 16
        height: 16
        """);

    [Theory]
    [MemberData(nameof(ImageModels))]
    public void Every_parameter_and_buffer_of_an_image_model_is_on_the_device_it_was_built_for(string imageModel)
    {
        using var model = ImageModelFactory.Create(Scene(imageModel), 16, 16, device: Meta);
        var tensors = model.parameters().Cast<torch.Tensor>().Concat(model.buffers()).ToList();
        if (model is VqganImage vqgan) tensors.AddRange(vqgan.Vqgan.parameters().Concat(vqgan.Vqgan.buffers()));
        Assert.NotEmpty(tensors);
        Assert.All(tensors, t => Assert.Equal(DeviceType.META, t.device_type));
    }

    [Theory]
    [MemberData(nameof(ImageModels))]
    public void Without_a_device_an_image_model_is_built_on_the_CPU(string imageModel)
    {
        using var model = ImageModelFactory.Create(Scene(imageModel), 16, 16);
        Assert.All(model.parameters(), t => Assert.Equal(DeviceType.CPU, t.device_type));
    }

    [Theory]
    [InlineData("Unlimited Palette")]
    [InlineData("Limited Palette")]
    public void A_random_start_drawn_on_the_CPU_generator_decodes_on_the_model_s_device(string imageModel)
    {
        using var model = ImageModelFactory.Create(Scene(imageModel), 16, 16, device: Meta);
        using var g = new torch.Generator(1);
        model.EncodeRandom(g);
        using var image = model.DecodeTraining();
        Assert.Equal(DeviceType.META, image.device_type);
        Assert.Equal([1, 3, 16, 16], image.shape);
    }

    [Fact]
    public void A_disabled_prompt_s_constant_is_on_the_embeddings_device()
    {
        using var views = MetaViews();
        using var off = new TextPrompt(new Prompt(PromptKind.Text, "x", CompiledExpression.Compile("0"), CompiledExpression.Compile("-inf"),
            PromptMask.None, CompiledExpression.Compile(Prompt.DefaultCutoff), new SourceLocation("test", 1, 1)));
        using var value = off.Evaluate(views, new Dictionary<string, double> { ["t"] = 0 });
        Assert.Equal(DeviceType.META, value.Loss.device_type);
    }

    [Fact]
    public void Masks_weigh_cutouts_on_the_embeddings_device()
    {
        using var views = MetaViews();
        using var rgb = torch.ones([1, 3, 8, 4]);
        using var image = ImageMask.FromImage(rgb, inverted: false);
        PromptMaskFunction[] masks = [image, new GeometricMask(_ => false)];
        foreach (var mask in masks)
        {
            var (stop, factor) = mask.Evaluate(views, 0.5);
            using (stop) using (factor)
                Assert.Equal((DeviceType.META, DeviceType.META), (stop.device_type, factor.device_type));
        }
    }

    [Fact]
    public void The_cutout_warp_grid_is_built_on_the_maps_device()
    {
        using var maps = torch.eye(3, device: Meta).expand(2, 3, 3);
        using var grid = Homography.Grid(maps, 4, 5);
        Assert.Equal(DeviceType.META, grid.device_type);
        Assert.Equal([2, 4, 5, 2], grid.shape);
    }

    /// <summary>Two cutouts (left and right half) whose embeddings live on the meta device; no perceptor is needed.</summary>
    private static CutoutEmbeddings MetaViews()
    {
        double[,] offsets = { { 0, 0 }, { 0.5, 0 } }, sizes = { { 0.5, 1 }, { 0.5, 1 } };
        return new CutoutEmbeddings([new PerceptorView(null!, torch.zeros([2, 4], device: Meta), offsets, sizes)]);
    }
}
