using Pytti.Torch.Ops;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pytti.Models.Clip;

/// <summary>ResNet bottleneck with anti-aliased stride (avg-pool before the 1×1 expansion and in the shortcut).</summary>
public sealed class Bottleneck : nn.Module<Tensor, Tensor>
{
    public const int Expansion = 4;
    private readonly int _stride;
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Conv2d conv3;
    private readonly BatchNorm2d bn3;
    private readonly Sequential? downsample;

    public Bottleneck(int inplanes, int planes, int stride = 1) : base(nameof(Bottleneck))
    {
        _stride = stride;
        conv1 = nn.Conv2d(inplanes, planes, 1, bias: false);
        bn1 = nn.BatchNorm2d(planes);
        conv2 = nn.Conv2d(planes, planes, 3, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(planes);
        conv3 = nn.Conv2d(planes, planes * Expansion, 1, bias: false);
        bn3 = nn.BatchNorm2d(planes * Expansion);
        foreach (var (name, module) in new (string, nn.Module)[] { ("conv1", conv1), ("bn1", bn1), ("conv2", conv2), ("bn2", bn2), ("conv3", conv3), ("bn3", bn3) })
            register_module(name, module);
        if (stride > 1 || inplanes != planes * Expansion)
        {
            // PyTorch keys: downsample.0 (conv), downsample.1 (bn); the avg-pool ("-1") has no weights.
            downsample = nn.Sequential(nn.Conv2d(inplanes, planes * Expansion, 1, bias: false), nn.BatchNorm2d(planes * Expansion));
            register_module(nameof(downsample), downsample);
        }
    }

    private Tensor Pool(Tensor x) => _stride > 1 ? F.avg_pool2d(x, [_stride, _stride], [_stride, _stride]) : x;

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = F.relu(bn1.call(conv1.call(x)));
        h = F.relu(bn2.call(conv2.call(h)));
        h = bn3.call(conv3.call(Pool(h)));
        var identity = downsample is null ? x : downsample.call(Pool(x));
        return F.relu(h + identity).MoveToOuterDisposeScope();
    }
}

/// <summary>Attention pooling: the mean token (plus positions) attends over all positions.</summary>
public sealed class AttentionPool2d : nn.Module<Tensor, Tensor>
{
    private readonly long _heads;
    private readonly Parameter positional_embedding;
    private readonly Linear k_proj;
    private readonly Linear q_proj;
    private readonly Linear v_proj;
    private readonly Linear c_proj;

    public AttentionPool2d(int spatial, int embedDim, int heads, int outputDim) : base(nameof(AttentionPool2d))
    {
        _heads = heads;
        positional_embedding = new Parameter(zeros(spatial * spatial + 1, embedDim));
        k_proj = nn.Linear(embedDim, embedDim);
        q_proj = nn.Linear(embedDim, embedDim);
        v_proj = nn.Linear(embedDim, embedDim);
        c_proj = nn.Linear(embedDim, outputDim);
        register_parameter(nameof(positional_embedding), positional_embedding);
        foreach (var (name, module) in new (string, nn.Module)[] { ("k_proj", k_proj), ("q_proj", q_proj), ("v_proj", v_proj), ("c_proj", c_proj) })
            register_module(name, module);
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = input.flatten(2).permute(2, 0, 1);                       // NCHW -> (HW)NC
        x = cat([x.mean([0], keepdim: true), x], 0);                     // -> (HW+1)NC
        x = x + positional_embedding.unsqueeze(1);
        var query = x.narrow(0, 0, 1);                                   // [1, N, C]
        var attended = Attention.Attend(q_proj.call(query), k_proj.call(x), v_proj.call(x), _heads);
        return c_proj.call(attended).MoveToOuterDisposeScope();          // [1*N, out] == squeeze(0)
    }
}

/// <summary>CLIP's ResNet image tower: 3-conv stem, four bottleneck stages, attention pooling.</summary>
public sealed class ModifiedResNet : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Conv2d conv3;
    private readonly BatchNorm2d bn3;
    private readonly Sequential[] _stages;
    private readonly AttentionPool2d attnpool;

    public ModifiedResNet(int[] layers, int outputDim, int heads, int resolution, int width) : base(nameof(ModifiedResNet))
    {
        InputResolution = resolution;
        conv1 = nn.Conv2d(3, width / 2, 3, stride: 2, padding: 1, bias: false);
        bn1 = nn.BatchNorm2d(width / 2);
        conv2 = nn.Conv2d(width / 2, width / 2, 3, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(width / 2);
        conv3 = nn.Conv2d(width / 2, width, 3, padding: 1, bias: false);
        bn3 = nn.BatchNorm2d(width);
        foreach (var (name, module) in new (string, nn.Module)[] { ("conv1", conv1), ("bn1", bn1), ("conv2", conv2), ("bn2", bn2), ("conv3", conv3), ("bn3", bn3) })
            register_module(name, module);
        var inplanes = width;
        Sequential Stage(int planes, int blocks, int stride)
        {
            var first = new Bottleneck(inplanes, planes, stride);
            inplanes = planes * Bottleneck.Expansion;
            var rest = Enumerable.Range(1, blocks - 1).Select(_ => new Bottleneck(inplanes, planes));
            return nn.Sequential([first, .. rest]);
        }
        _stages = [Stage(width, layers[0], 1), Stage(width * 2, layers[1], 2), Stage(width * 4, layers[2], 2), Stage(width * 8, layers[3], 2)];
        for (var i = 0; i < _stages.Length; i++) register_module($"layer{i + 1}", _stages[i]);
        attnpool = new AttentionPool2d(resolution / 32, width * 32, heads, outputDim);
        register_module(nameof(attnpool), attnpool);
    }

    public int InputResolution { get; }

    public override Tensor forward(Tensor image)
    {
        using var scope = NewDisposeScope();
        var x = F.relu(bn1.call(conv1.call(image)));
        x = F.relu(bn2.call(conv2.call(x)));
        x = F.relu(bn3.call(conv3.call(x)));
        x = F.avg_pool2d(x, [2, 2], [2, 2]);
        foreach (var stage in _stages) x = stage.call(x);
        return attnpool.call(x).MoveToOuterDisposeScope();
    }
}
