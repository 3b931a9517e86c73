using Pytti.Engine.Animation;
using Pytti.Engine.Cutouts;
using Pytti.Engine.ImageModels;
using Pytti.Engine.Losses;
using Pytti.Engine.Prompts;
using Pytti.Models.Clip;
using Pytti.Scenes;
using Pytti.Scenes.Planning;
using Pytti.Torch.Ops;
using Pytti.Torch.Optim;
using TorchSharp;
using Adam = TorchSharp.Modules.Adam;

namespace Pytti.Engine.Rendering;

/// <summary>
/// Renders <c>animation_mode: off</c> as PyTTI does (reference 7): scenes of <c>steps_per_scene</c>
/// steps, prompts cross-faded over <c>interpolation_steps</c>, Adam re-created at frame boundaries when
/// <c>reset_lr_each_frame</c>, an image saved every <c>save_every</c> steps. Every random draw comes
/// from one generator seeded with <c>seed</c>, so a scene and seed render the same bytes on the same device.
/// Unlike PyTTI, the final image is always saved (PyTTI never saves the last step).
/// With <c>animation_mode: 2D</c>, every frame boundary first moves the image (reference 8.1) and
/// points the stabilisation losses at the moved frame (7.4 step 1e).
/// </summary>
public sealed partial class StillRenderer : IDisposable
{
    private readonly SceneDocument _doc;
    private readonly PerceptorEnsemble _perceptors;
    private readonly ImageModel _model;
    private readonly torch.Generator _generator;
    private readonly Dictionary<Perceptor, CutoutSampler> _samplers = [];
    private readonly List<WeightedLoss> _losses;
    private readonly PromptSet _prompts;
    private readonly FrameLosses _frameLosses;
    private readonly FramePlan _plan;
    private readonly IReadOnlyList<IReadOnlyDictionary<string, double>>? _audioFrames;
    private readonly VideoSource? _video;
    private readonly TargetFlowLoss? _targetFlow;
    private readonly DepthEstimator? _depth;
    private readonly IReadOnlyList<IFrameAware> _videoMasks;

    public StillRenderer(SceneDocument document, PerceptorEnsemble perceptors, ImageModel model, RenderAssets assets)
    {
        _doc = document;
        _perceptors = perceptors;
        _model = model;
        _plan = FramePlan.For(document);
        var seed = RenderSeed.Parse(document.Values.Seed);
        RenderSeed.SeedDefaults(seed);
        _generator = new torch.Generator(seed);
        var v = document.Values;
        var cutn = v.Cutouts / v.GradientAccumulationSteps;
        foreach (var p in perceptors.Perceptors)
            _samplers[p] = new CutoutSampler(p.InputResolution, cutn, v.CutPow, v.CutoutBorder, BorderModes.Parse(v.BorderMode));
        model.EncodeRandom(_generator);
        _audioFrames = assets.AudioFrames;
        _depth = assets.LoadDepthModel is { } loadDepth ? new DepthEstimator(loadDepth) : null;
        _video = VideoSource.For(document, assets, model);
        var setup = new LossSetup(document, model, assets, Embed, _depth, videoInit: _video is not null && string.IsNullOrEmpty(v.InitImage) ? _video.Frame(0) : null);
        _losses = setup.Losses;
        _prompts = setup.Prompts;
        _frameLosses = setup.Frame;
        if (_video is not null) _losses.AddRange(_video.Losses);   // frame -1, -2, -4, … (reference 6.6)
        _targetFlow = TargetFlowLoss.For(document, assets);
        if (_targetFlow is not null) _losses.Add(_targetFlow);
        _videoMasks = assets.FrameHooks;
    }

    public FramePlan Plan => _plan;

    /// <summary>The generator every random draw of the render comes from, seeded with <c>seed</c>.</summary>
    private torch.Generator Random => _generator;

    /// <summary>
    /// <c>learning_rate</c>, or the loaded image model's default (reference 1.3): the model knows whether a VQGAN
    /// checkpoint given by path is a Gumbel one (0.15), which the scene file alone cannot tell.
    /// </summary>
    public double LearningRate => _doc.Values.LearningRate ?? _model.DefaultLearningRate;

    /// <summary>Embeds an image once (image prompts): cutouts and augmentations as every step, no gradient.</summary>
    private CutoutEmbeddings Embed(torch.Tensor image)
    {
        using var noGrad = torch.no_grad();
        return CutoutEmbeddings.Embed(image, _perceptors, p => _samplers[p], Random);
    }

    public void Run(IRenderObserver observer, CancellationToken cancellationToken = default) => Run(observer, null, cancellationToken);

    /// <summary>
    /// Runs the loop, from the beginning or from <paramref name="resume"/> (a state captured after a
    /// frame by an earlier run of the same scene: the result is the same bytes an uninterrupted run gives).
    /// After every frame the observer may capture the state.
    /// </summary>
    public void Run(IRenderObserver observer, EngineState? resume, CancellationToken cancellationToken = default) =>
        Run(observer, resume, long.MaxValue, cancellationToken);

    /// <summary>As <see cref="Run(IRenderObserver, EngineState?, CancellationToken)"/>, stopping after frame <paramref name="lastFrame"/>.</summary>
    public void Run(IRenderObserver observer, EngineState? resume, long lastFrame, CancellationToken cancellationToken = default)
    {
        var v = _doc.Values;
        using var adam = AdamCheckpoints.Create(_model.TrainableParameters(), LearningRate);
        var saved = 0L;
        var first = 0L;
        if (resume is not null)
        {
            Restore(resume, adam);
            (saved, first) = (resume.SavedImages, resume.NextStep);
        }
        for (var i = first; i < _plan.TotalSteps; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var step = _plan.Step(i);
            var j = step.Index + 1;
            if (step.Index > 0 && v.SaveEvery > 0 && j % v.SaveEvery == 0)
                saved = Save(observer, j / v.SaveEvery, step.Index);
            if (observer.WantsDisplay && v.DisplayEvery > 0 && j % v.DisplayEvery == 0) Display(observer, step.Index);
            if (step.IsFrameBoundary && v.ResetLrEachFrame) adam.Reset();
            if (step.IsFrameBoundary && _doc.IsAnimated) NextFrame(step);
            observer.OnStep(Train(step, adam));
            var savedSoFar = saved;   // a checkpoint leaves the finished image out: a longer run resumed from it never saves one there
            if (j == _plan.TotalSteps)
                saved = Save(observer, saved + 1, _plan.TotalSteps);   // the finished image, which PyTTI never saves
            if (_plan.FrameOf(i) is var frame && frame.EndStep == j)
            {
                observer.OnFrameEnd(frame, () => Capture(frame.Index, j, savedSoFar, adam));
                if (frame.Index >= lastFrame) return;
            }
        }
    }

    /// <summary>
    /// An animation's frame boundary (reference 7.4 step 1e): the mask videos move to the boundary's frame (a masked
    /// Video Source flow reads it), the image moves, then the stabilisation losses aim at the moved frame and the init
    /// losses stop. Everything here is recomputed at every boundary, so a resumed run (which restarts at a boundary)
    /// needs no more state than the model, Adam, the RNG and Video Source's history of outputs.
    /// </summary>
    private void NextFrame(StepInfo step)
    {
        var values = _doc.Values;
        foreach (var mask in _videoMasks) mask.OnFrame(VideoMask.FrameAt(values, step.Index));   // before the flow and the stabilisation losses read them
        using var frame = values.AnimationMode switch
        {
            "2D" => LatentWarp.Apply(_model, grid => Transform2D.At(values, Variables(step)).Apply(grid, Resampling.From(values))),
            "Video Source" => _video!.Next(_model, step.Index, _generator),
            "3D" => DepthWarp.Apply(_model, values, Variables(step), _depth ?? throw new InvalidOperationException(
                "animation_mode 3D needs a depth model: set depth_model to a Depth Anything V2 checkpoint."), _targetFlow is null ? null : _targetFlow.SetTarget),
            var mode => throw new NotSupportedException($"unknown animation_mode '{mode}'; use off, 2D, 3D or Video Source."),
        };
        _frameLosses.OnNewFrame(frame, _losses, Embed);
    }

    private void Display(IRenderObserver observer, long step)
    {
        using var image = _model.DecodeForOutput();
        observer.OnDisplay(new SavedImage(0, step, image));
    }

    private long Save(IRenderObserver observer, long index, long step)
    {
        using var image = _model.DecodeForOutput();
        observer.OnImage(new SavedImage(index, step, image));
        return index;
    }

    /// <summary>
    /// <c>t</c> and the audio variables of the frame the step belongs to (reference 9.3: set at each frame
    /// boundary; pre-animation steps read frame 0's). Without audio input the bands read 0.
    /// </summary>
    private IReadOnlyDictionary<string, double> Variables(StepInfo step)
    {
        var variables = new Dictionary<string, double>(StringComparer.Ordinal) { ["t"] = step.T };
        var audio = _audioFrames is { Count: > 0 } frames ? frames[(int)Math.Min(_plan.FrameOf(step.Index).Index, frames.Count - 1)] : null;
        foreach (var band in _doc.AudioVariables)
        {
            variables[band] = audio?.GetValueOrDefault(band) ?? 0;
            variables[band + "_prev"] = audio?.GetValueOrDefault(band + "_prev") ?? 0;
        }
        return variables;
    }

    public void Dispose()
    {
        _prompts.Dispose();
        foreach (var loss in _losses) loss.Dispose();
        _generator.Dispose();
        _video?.Dispose();
        _depth?.Dispose();
    }
}
