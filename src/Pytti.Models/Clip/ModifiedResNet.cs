using Pytti.Torch;
using Pytti.Torch.NN;

namespace Pytti.Models.Clip;

/// <summary>ResNet bottleneck with anti-aliased stride (avg-pool before the 1×1 expansion and in the shortcut).</summary>
public sealed class Bottleneck : Module
{
    public const int Expansion = 4;
    private readonly int _stride;

    public Bottleneck(int inplanes, int planes, int stride = 1)
    {
        _stride = stride;
        conv1 = RegisterModule("conv1", new Conv2d(inplanes, planes, 1, hasBias: false));
        bn1 = RegisterModule("bn1", new BatchNorm2d(planes));
        conv2 = RegisterModule("conv2", new Conv2d(planes, planes, 3, padding: 1, hasBias: false));
        bn2 = RegisterModule("bn2", new BatchNorm2d(planes));
        conv3 = RegisterModule("conv3", new Conv2d(planes, planes * Expansion, 1, hasBias: false));
        bn3 = RegisterModule("bn3", new BatchNorm2d(planes * Expansion));
        if (stride > 1 || inplanes != planes * Expansion)
        {
            // PyTorch keys: downsample.0 (conv), downsample.1 (bn); the avg-pool ("-1") has no weights.
            downsample = RegisterModule("downsample", new Sequential(
                new Conv2d(inplanes, planes * Expansion, 1, hasBias: false), new BatchNorm2d(planes * Expansion)));
        }
    }

    public Conv2d conv1 { get; }
    public BatchNorm2d bn1 { get; }
    public Conv2d conv2 { get; }
    public BatchNorm2d bn2 { get; }
    public Conv2d conv3 { get; }
    public BatchNorm2d bn3 { get; }
    public Sequential? downsample { get; }

    private Tensor Pool(Tensor x) => _stride > 1 ? Functional.AvgPool2d(x, [_stride, _stride]) : x;

    public override Tensor Forward(Tensor x)
    {
        using var scope = LibTorch.NewDisposeScope();
        var h = Functional.Relu(bn1.Forward(conv1.Forward(x)));
        h = Functional.Relu(bn2.Forward(conv2.Forward(h)));
        h = bn3.Forward(conv3.Forward(Pool(h)));
        var identity = downsample is null ? x : downsample.Forward(Pool(x));
        return Functional.Relu(h + identity).MoveToOuterScope();
    }
}

/// <summary>Attention pooling: the mean token (plus positions) attends over all positions.</summary>
public sealed class AttentionPool2d : Module
{
    private readonly long _heads;

    public AttentionPool2d(int spatial, int embedDim, int heads, int outputDim)
    {
        _heads = heads;
        positional_embedding = RegisterParameter("positional_embedding", Tensor.Zeros([spatial * spatial + 1, embedDim]));
        k_proj = RegisterModule("k_proj", new Linear(embedDim, embedDim));
        q_proj = RegisterModule("q_proj", new Linear(embedDim, embedDim));
        v_proj = RegisterModule("v_proj", new Linear(embedDim, embedDim));
        c_proj = RegisterModule("c_proj", new Linear(embedDim, outputDim));
    }

    public Tensor positional_embedding { get; }
    public Linear k_proj { get; }
    public Linear q_proj { get; }
    public Linear v_proj { get; }
    public Linear c_proj { get; }

    public override Tensor Forward(Tensor input)
    {
        using var scope = LibTorch.NewDisposeScope();
        var x = input.Flatten(2).Permute(2, 0, 1);                       // NCHW -> (HW)NC
        x = Tensor.Cat([x.Mean([0], keepDim: true), x], 0);              // -> (HW+1)NC
        x = x + positional_embedding.Unsqueeze(1);
        var query = x.Narrow(0, 0, 1);                                   // [1, N, C]
        var attended = MultiheadAttention.Attend(q_proj.Forward(query), k_proj.Forward(x), v_proj.Forward(x), _heads);
        return c_proj.Forward(attended).MoveToOuterScope();              // [1*N, out] == squeeze(0)
    }
}

/// <summary>CLIP's ResNet image tower: 3-conv stem, four bottleneck stages, attention pooling.</summary>
public sealed class ModifiedResNet : Module
{
    public ModifiedResNet(int[] layers, int outputDim, int heads, int resolution, int width)
    {
        InputResolution = resolution;
        conv1 = RegisterModule("conv1", new Conv2d(3, width / 2, 3, stride: 2, padding: 1, hasBias: false));
        bn1 = RegisterModule("bn1", new BatchNorm2d(width / 2));
        conv2 = RegisterModule("conv2", new Conv2d(width / 2, width / 2, 3, padding: 1, hasBias: false));
        bn2 = RegisterModule("bn2", new BatchNorm2d(width / 2));
        conv3 = RegisterModule("conv3", new Conv2d(width / 2, width, 3, padding: 1, hasBias: false));
        bn3 = RegisterModule("bn3", new BatchNorm2d(width));
        var inplanes = width;
        Sequential Stage(string name, int planes, int blocks, int stride)
        {
            var stage = new Sequential(new Bottleneck(inplanes, planes, stride));
            inplanes = planes * Bottleneck.Expansion;
            for (var i = 1; i < blocks; i++) stage.Add(new Bottleneck(inplanes, planes));
            return RegisterModule(name, stage);
        }
        layer1 = Stage("layer1", width, layers[0], 1);
        layer2 = Stage("layer2", width * 2, layers[1], 2);
        layer3 = Stage("layer3", width * 4, layers[2], 2);
        layer4 = Stage("layer4", width * 8, layers[3], 2);
        attnpool = RegisterModule("attnpool", new AttentionPool2d(resolution / 32, width * 32, heads, outputDim));
    }

    public int InputResolution { get; }
    public Conv2d conv1 { get; }
    public BatchNorm2d bn1 { get; }
    public Conv2d conv2 { get; }
    public BatchNorm2d bn2 { get; }
    public Conv2d conv3 { get; }
    public BatchNorm2d bn3 { get; }
    public Sequential layer1 { get; }
    public Sequential layer2 { get; }
    public Sequential layer3 { get; }
    public Sequential layer4 { get; }
    public AttentionPool2d attnpool { get; }

    public override Tensor Forward(Tensor image)
    {
        using var scope = LibTorch.NewDisposeScope();
        var x = Functional.Relu(bn1.Forward(conv1.Forward(image)));
        x = Functional.Relu(bn2.Forward(conv2.Forward(x)));
        x = Functional.Relu(bn3.Forward(conv3.Forward(x)));
        x = Functional.AvgPool2d(x, [2, 2]);
        foreach (var stage in new[] { layer1, layer2, layer3, layer4 }) x = stage.Forward(x);
        return attnpool.Forward(x).MoveToOuterScope();
    }
}
