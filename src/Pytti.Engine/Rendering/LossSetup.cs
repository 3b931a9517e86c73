using Pytti.Engine.Animation;
using Pytti.Engine.ImageModels;
using Pytti.Engine.Losses;
using Pytti.Engine.Prompts;
using Pytti.Scenes;
using Pytti.Scenes.Dsl;
using Pytti.Scenes.Expressions;
using TorchSharp;

namespace Pytti.Engine.Rendering;

/// <summary>
/// Builds the loss terms in PyTTI's order (reference 6.7, 7.1): init image encoded into the model,
/// direct init loss, direct image prompts, direct, depth and edge stabilisation (each with its optional
/// image or video mask) against the init image,
/// smoothing; CLIP prompts per scene with the semantic init prompt in scene 1 and semantic
/// stabilisation in every scene.
/// </summary>
internal sealed class LossSetup
{
    public LossSetup(SceneDocument doc, ImageModel model, RenderAssets assets, Func<torch.Tensor, CutoutEmbeddings> embed, DepthEstimator? depth = null, torch.Tensor? videoInit = null)
    {
        var v = doc.Values;
        var hsv = v.ImageModel != "VQGAN";
        torch.Tensor? init = null;
        if (!string.IsNullOrEmpty(v.InitImage))
        {
            init = assets.LoadImage(v.InitImage);
            model.EncodeImage(init);
        }
        else if (videoInit is not null)
        {
            init = videoInit;   // Video Source: frame 0 is the init image when none is given (reference 7.1 step 5)
            model.EncodeImage(init);
        }
        if (init is not null && doc.Losses.DirectInit is { } directInit)
        {
            var label = string.IsNullOrEmpty(v.InitImage) ? v.VideoPath : v.InitImage;   // Video Source: frame 0 is the init
            Losses.Add(Direct(model, DisplayNames.DirectInit(label, model is VqganImage), directInit.Weight, directInit.Stop, init.alias(), hsv));
            Frame.AddInit(Losses[^1]);
        }
        var taken = new HashSet<string>(Losses.Select(l => l.Name), StringComparer.Ordinal);
        foreach (var prompt in doc.DirectPrompts)
        {
            using var target = assets.LoadImage(prompt.Path);
            var name = DisplayNames.Claim(taken, DisplayNames.Direct(prompt.Path, model is VqganImage));
            Losses.Add(Direct(model, name, prompt.Weight, prompt.Stop, target.alias(), hsv));
        }
        // Animations build the stabilisation losses without an init image too, off until the first frame (reference 6.7).
        var stabilizationTarget = init ?? (doc.IsAnimated ? model.DecodeForOutput() : null);
        if (stabilizationTarget is not null && doc.Losses.DirectStabilization is { } direct)
        {
            var mask = StabilizationMask.For(direct.Mask, assets);
            AddStabilization(t => Direct(model, "direct stabilization", direct.Weight, direct.Stop, t.alias(), hsv, mask?.Tensor(t)), stabilizationTarget, init is not null);
        }
        if (stabilizationTarget is not null && doc.Losses.DepthStabilization is { } depthWeight)
        {
            var estimator = depth ?? throw new InvalidOperationException(
                "depth_stabilization_weight needs a depth model: set depth_model to a Depth Anything V2 checkpoint.");
            var mask = StabilizationMask.For(depthWeight.Mask, assets);
            AddStabilization(t => new DepthLoss("depth stabilization", depthWeight.Weight, depthWeight.Stop, estimator, t, mask?.Tensor(t)), stabilizationTarget, init is not null);
        }
        if (stabilizationTarget is not null && doc.Losses.EdgeStabilization is { } edge)
        {
            var mask = StabilizationMask.For(edge.Mask, assets);
            AddStabilization(t => new EdgeLoss("edge stabilization", edge.Weight, edge.Stop, t, mask?.Tensor(t)), stabilizationTarget, init is not null);
        }
        if (v.SmoothingWeight.Text.Trim() != "0")
            Losses.Add(new TvLoss(v.SmoothingWeight));

        var scenes = doc.Scenes.Select(s => s.Prompts.Select(p => Build(p, assets, embed)).ToList()).ToList();
        var shared = new List<PromptTerm>();   // in every scene (stabilisation) or the first (semantic init): named once
        if (scenes.Count == 0) scenes.Add([]);
        if (init is not null && doc.Losses.SemanticInit is { } semanticInit)
        {
            var prompt = new ImagePrompt(DisplayNames.SemanticInit(v.InitImage), semanticInit.Weight, semanticInit.Stop, semanticInit.Mask,
                CompiledExpression.Compile(Prompt.DefaultCutoff), embed(init), assets);
            scenes[0].Add(prompt);
            shared.Add(prompt);
            Frame.SetSemanticInit(prompt);
        }
        if (stabilizationTarget is not null && doc.Losses.SemanticStabilization is { } semantic)
        {
            var stabilization = new ImagePrompt(DisplayNames.SemanticStabilization, semantic.Weight, semantic.Stop, semantic.Mask,
                CompiledExpression.Compile(Prompt.DefaultCutoff), embed(stabilizationTarget), assets);
            foreach (var scene in scenes) scene.Add(stabilization);
            shared.Add(stabilization);
            Frame.SetSemanticStabilization(stabilization, enabled: init is not null);
        }
        if (!ReferenceEquals(stabilizationTarget, init)) stabilizationTarget?.Dispose();
        init?.Dispose();
        UniqueNames(scenes, shared);
        Prompts = new PromptSet(scenes);
    }

    public List<WeightedLoss> Losses { get; } = [];

    public PromptSet Prompts { get; }

    /// <summary>What an animation's frame boundaries switch on and off.</summary>
    public FrameLosses Frame { get; } = new();

    /// <summary>
    /// Gives every scene's own prompts a name no other term of that scene's steps logs under: the fixed losses, the
    /// shared prompts and the scene's earlier prompts (two prompts "a cat" log as "a cat" and "a cat #2").
    /// </summary>
    private void UniqueNames(List<List<PromptTerm>> scenes, List<PromptTerm> shared)
    {
        foreach (var scene in scenes)
        {
            var taken = new HashSet<string>(Losses.Select(l => l.Name).Concat(shared.Select(p => p.Name)), StringComparer.Ordinal);
            foreach (var term in scene.Where(t => !shared.Contains(t)))
                term.Name = DisplayNames.Claim(taken, term.Name);
        }
    }

    /// <summary>Adds the loss <paramref name="build"/> makes for <paramref name="target"/> (borrowed), and has every frame boundary rebuild it.</summary>
    private void AddStabilization(Func<torch.Tensor, WeightedLoss> build, torch.Tensor target, bool enabled)
    {
        var loss = build(target);
        loss.Enabled = enabled;
        Frame.AddStabilization(Losses.Count, build);
        Losses.Add(loss);
    }

    /// <summary>The model's preferred direct loss: the latent loss for VQGAN (reference 6.2), else MSE or HSV.</summary>
    private static WeightedLoss Direct(ImageModel model, string name, CompiledExpression weight, CompiledExpression? stop, torch.Tensor target, bool hsv, torch.Tensor? mask = null) =>
        model is VqganImage vqgan ? new LatentLoss(name, weight, stop, vqgan, target, mask) : new DirectImageLoss(name, weight, stop, target, hsv, mask);

    private static PromptTerm Build(Prompt prompt, RenderAssets assets, Func<torch.Tensor, CutoutEmbeddings> embed)
    {
        if (prompt.Kind == PromptKind.Text) return new TextPrompt(prompt, assets);
        using var image = assets.LoadImage(prompt.Target);
        return ImagePrompt.From(prompt, embed(image), assets);
    }
}
