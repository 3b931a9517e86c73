using Pytti.Engine.ImageModels;
using TorchSharp;

namespace Pytti.Engine.Tests;

/// <summary>
/// The render's device reaches every tensor the engine creates (issue #12). There is no GPU here, so the
/// device is libtorch's "meta" device: tensors with shapes and dtypes but no storage. A tensor the engine
/// made on the CPU by mistake would show up as CPU (or fail to combine with a meta tensor).
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
}
