using Pytti.Scenes.Expressions;

namespace Pytti.Scenes.Schema;

/// <summary>
/// The effective value of every parameter, typed (defaults applied, paths resolved, expressions
/// compiled), one property per row of the schema table (a test checks they agree). Built by
/// <see cref="SceneLoader"/>; immutable.
/// </summary>
public sealed record PyttiSettings
{
    /// <summary><c>scenes</c>: Scene DSL: scenes separated by `||`, prompts by `|`, `text:weight_mask:stop` (reference 2). Required.</summary>
    public required string Scenes { get; init; }

    /// <summary><c>scene_prefix</c>: Text glued verbatim before every scene (end it with `|`).</summary>
    public required string ScenePrefix { get; init; }

    /// <summary><c>scene_suffix</c>: Text glued verbatim after every scene (start it with `|`).</summary>
    public required string SceneSuffix { get; init; }

    /// <summary><c>direct_image_prompts</c>: `|`-separated direct image prompts `path:weight_mask:stop` (reference 2.6).</summary>
    public required string DirectImagePrompts { get; init; }

    /// <summary><c>init_image</c>: Initial image (path relative to the scene file, or http(s) URL).</summary>
    public required string InitImage { get; init; }

    /// <summary><c>direct_init_weight</c>: Direct loss against the init image: `''`/`'0'` off, else `weight[_mask][:stop]`.</summary>
    public required string DirectInitWeight { get; init; }

    /// <summary><c>semantic_init_weight</c>: CLIP image prompt of the init image (scene 1 only): `''`/`'0'` off, else `weight[_mask][:stop]`.</summary>
    public required string SemanticInitWeight { get; init; }

    /// <summary><c>image_model</c>: Image parameterisation.</summary>
    public required string ImageModel { get; init; }

    /// <summary><c>vqgan_model</c>: VQGAN: `imagenet`, `coco`, `wikiart`, `sflckr`, `openimages`, or a checkpoint path.</summary>
    public required string VqganModel { get; init; }

    /// <summary><c>animation_mode</c>: Animation mode; YAML `off`/`false` mean `off`.</summary>
    public required string AnimationMode { get; init; }

    /// <summary><c>width</c>: Latent-grid width; `-1` derives it from the init image aspect.</summary>
    public required int Width { get; init; }

    /// <summary><c>height</c>: Latent-grid height; `-1` derives it from the init image aspect.</summary>
    public required int Height { get; init; }

    /// <summary><c>steps_per_scene</c>: Optimiser steps per scene.</summary>
    public required long StepsPerScene { get; init; }

    /// <summary><c>steps_per_frame</c>: Steps between animation frame boundaries.</summary>
    public required long StepsPerFrame { get; init; }

    /// <summary><c>interpolation_steps</c>: Cross-fade length (steps) at the start of every scene.</summary>
    public required long InterpolationSteps { get; init; }

    /// <summary><c>learning_rate</c>: Adam learning rate; null = the image model's default.</summary>
    public required double? LearningRate { get; init; }

    /// <summary><c>reset_lr_each_frame</c>: Re-create Adam at every frame boundary.</summary>
    public required bool ResetLrEachFrame { get; init; }

    /// <summary><c>seed</c>: Random seed (integer). PyTTI's default is the current microsecond; ours is 0 so renders repeat.</summary>
    public required string Seed { get; init; }

    /// <summary><c>cutouts</c>: Cutouts per perceptor per step.</summary>
    public required int Cutouts { get; init; }

    /// <summary><c>cut_pow</c>: Cutout size exponent.</summary>
    public required double CutPow { get; init; }

    /// <summary><c>cutout_border</c>: Fraction of the image size cutouts may overhang.</summary>
    public required double CutoutBorder { get; init; }

    /// <summary><c>border_mode</c>: Cutout padding.</summary>
    public required string BorderMode { get; init; }

    /// <summary><c>field_of_view</c>: 3D vertical field of view in degrees.</summary>
    public required double FieldOfView { get; init; }

    /// <summary><c>near_plane</c>: 3D near depth (pixels).</summary>
    public required double NearPlane { get; init; }

    /// <summary><c>far_plane</c>: 3D far depth (pixels).</summary>
    public required double FarPlane { get; init; }

    /// <summary><c>input_audio</c>: Audio file for audio-reactive variables.</summary>
    public required string InputAudio { get; init; }

    /// <summary><c>input_audio_offset</c>: Seconds skipped at the start of the audio.</summary>
    public required double InputAudioOffset { get; init; }

    /// <summary><c>input_audio_filters</c>: List of `{variable_name, f_center, f_width, order}` band-pass filters.</summary>
    public required IReadOnlyList<AudioFilter> InputAudioFilters { get; init; }

    /// <summary><c>pre_animation_steps</c>: Steps before the first frame boundary.</summary>
    public required long PreAnimationSteps { get; init; }

    /// <summary><c>lock_camera</c>: 3D: remove the mean image drift.</summary>
    public required bool LockCamera { get; init; }

    /// <summary><c>translate_x</c>: 2D/3D translation in pixels per frame (expression).</summary>
    public required CompiledExpression TranslateX { get; init; }

    /// <summary><c>translate_y</c>: 2D/3D translation in pixels per frame (expression).</summary>
    public required CompiledExpression TranslateY { get; init; }

    /// <summary><c>translate_z_3d</c>: 3D forward motion in pixels per frame (expression).</summary>
    public required CompiledExpression TranslateZ3d { get; init; }

    /// <summary><c>rotate_3d</c>: 3D rotation quaternion `[w, x, y, z]` per frame (expression).</summary>
    public required CompiledExpression Rotate3d { get; init; }

    /// <summary><c>rotate_2d</c>: 2D rotation in degrees per frame (expression).</summary>
    public required CompiledExpression Rotate2d { get; init; }

    /// <summary><c>zoom_x_2d</c>: 2D zoom in pixels per frame (expression).</summary>
    public required CompiledExpression ZoomX2d { get; init; }

    /// <summary><c>zoom_y_2d</c>: 2D zoom in pixels per frame (expression).</summary>
    public required CompiledExpression ZoomY2d { get; init; }

    /// <summary><c>sampling_mode</c>: Animation resampling.</summary>
    public required string SamplingMode { get; init; }

    /// <summary><c>infill_mode</c>: Animation out-of-frame fill.</summary>
    public required string InfillMode { get; init; }

    /// <summary><c>pixel_size</c>: Integer upscale of the latent grid.</summary>
    public required int PixelSize { get; init; }

    /// <summary><c>smoothing_weight</c>: TV loss weight (expression; `0` disables).</summary>
    public required CompiledExpression SmoothingWeight { get; init; }

    /// <summary><c>random_initial_palette</c>: Limited Palette: random initial colours.</summary>
    public required bool RandomInitialPalette { get; init; }

    /// <summary><c>palette_size</c>: Colours per palette.</summary>
    public required int PaletteSize { get; init; }

    /// <summary><c>palettes</c>: Number of palettes.</summary>
    public required int Palettes { get; init; }

    /// <summary><c>gamma</c>: Limited Palette brightness ramp exponent.</summary>
    public required double Gamma { get; init; }

    /// <summary><c>hdr_weight</c>: Palette brightness-ramp loss weight.</summary>
    public required double HdrWeight { get; init; }

    /// <summary><c>palette_normalization_weight</c>: Palette decorrelation loss weight.</summary>
    public required double PaletteNormalizationWeight { get; init; }

    /// <summary><c>show_palette</c>: Display the palette swatch (display only).</summary>
    public required bool ShowPalette { get; init; }

    /// <summary><c>target_palette</c>: Image whose colours become a locked palette.</summary>
    public required string TargetPalette { get; init; }

    /// <summary><c>lock_palette</c>: Lock the initial palette.</summary>
    public required bool LockPalette { get; init; }

    /// <summary><c>frames_per_second</c>: Converts steps to time `t`; also the video and audio frame rate.</summary>
    public required double FramesPerSecond { get; init; }

    /// <summary><c>direct_stabilization_weight</c>: Direct loss against the previous/transformed frame.</summary>
    public required string DirectStabilizationWeight { get; init; }

    /// <summary><c>semantic_stabilization_weight</c>: CLIP image prompt of the previous/transformed frame.</summary>
    public required string SemanticStabilizationWeight { get; init; }

    /// <summary><c>depth_stabilization_weight</c>: Depth MSE against the previous frame.</summary>
    public required string DepthStabilizationWeight { get; init; }

    /// <summary><c>edge_stabilization_weight</c>: Sobel-edge MSE against the previous frame.</summary>
    public required string EdgeStabilizationWeight { get; init; }

    /// <summary><c>flow_stabilization_weight</c>: Optical-flow loss (3D and Video Source).</summary>
    public required string FlowStabilizationWeight { get; init; }

    /// <summary><c>video_path</c>: Input video for `Video Source`.</summary>
    public required string VideoPath { get; init; }

    /// <summary><c>frame_stride</c>: Video frames advanced per output frame.</summary>
    public required long FrameStride { get; init; }

    /// <summary><c>reencode_each_frame</c>: Re-encode the next video frame into the image every frame.</summary>
    public required bool ReencodeEachFrame { get; init; }

    /// <summary><c>flow_long_term_samples</c>: Extra optical flows 2,4,8... frames back.</summary>
    public required long FlowLongTermSamples { get; init; }

    /// <summary><c>ViTB32</c>: CLIP perceptor switch (see also `perceptors`).</summary>
    public required bool ViTB32 { get; init; }

    /// <summary><c>ViTB16</c>: CLIP perceptor switch (see also `perceptors`).</summary>
    public required bool ViTB16 { get; init; }

    /// <summary><c>ViTL14</c>: CLIP perceptor switch (see also `perceptors`).</summary>
    public required bool ViTL14 { get; init; }

    /// <summary><c>ViTL14_336px</c>: CLIP perceptor switch (see also `perceptors`).</summary>
    public required bool ViTL14At336px { get; init; }

    /// <summary><c>RN50</c>: CLIP perceptor switch (see also `perceptors`).</summary>
    public required bool RN50 { get; init; }

    /// <summary><c>RN101</c>: CLIP perceptor switch (see also `perceptors`).</summary>
    public required bool RN101 { get; init; }

    /// <summary><c>RN50x4</c>: CLIP perceptor switch (see also `perceptors`).</summary>
    public required bool RN50x4 { get; init; }

    /// <summary><c>RN50x16</c>: CLIP perceptor switch (see also `perceptors`).</summary>
    public required bool RN50x16 { get; init; }

    /// <summary><c>RN50x64</c>: CLIP perceptor switch (see also `perceptors`).</summary>
    public required bool RN50x64 { get; init; }

    /// <summary><c>use_mmc</c>: Take the perceptors from `mmc_models` instead of the CLIP switches (PyTTI's `mmc` loader).</summary>
    public required bool UseMmc { get; init; }

    /// <summary><c>mmc_models</c>: With `use_mmc`: `{architecture: clip, publisher: openai, id: ViT-B/32}` entries; the nine OpenAI CLIP models and OpenCLIP's `{publisher: mlfoundations, id: ViT-B-32--laion2b_s34b_b79k}` are served.</summary>
    public required IReadOnlyList<string> MmcModels { get; init; }

    /// <summary><c>file_namespace</c>: Output sub-folder and base file name.</summary>
    public required string FileNamespace { get; init; }

    /// <summary><c>allow_overwrite</c>: PyTTI run naming (outputs here are content-addressed).</summary>
    public required bool AllowOverwrite { get; init; }

    /// <summary><c>display_every</c>: Notebook display period (ignored by the pipeline).</summary>
    public required long DisplayEvery { get; init; }

    /// <summary><c>clear_every</c>: Notebook output clearing period (ignored).</summary>
    public required long ClearEvery { get; init; }

    /// <summary><c>display_scale</c>: Display-only scaling (ignored).</summary>
    public required double DisplayScale { get; init; }

    /// <summary><c>save_every</c>: PNG save period in steps; Video Source flows also read it.</summary>
    public required long SaveEvery { get; init; }

    /// <summary><c>backups</c>: PyTTI's count of kept state backups; accepted and unused (checkpoints live in the frame cache, long-term flows keep their own history).</summary>
    public required long Backups { get; init; }

    /// <summary><c>show_graphs</c>: Notebook loss plots (ignored).</summary>
    public required bool ShowGraphs { get; init; }

    /// <summary><c>approximate_vram_usage</c>: VRAM accounting printout (ignored).</summary>
    public required bool ApproximateVramUsage { get; init; }

    /// <summary><c>use_tensorboard</c>: Write TensorBoard logs.</summary>
    public required bool UseTensorboard { get; init; }

    /// <summary><c>models_parent_dir</c>: Where model files are kept; empty = the model store's default.</summary>
    public required string ModelsParentDir { get; init; }

    /// <summary><c>gradient_accumulation_steps</c>: Micro-batches per step; must divide `cutouts`.</summary>
    public required int GradientAccumulationSteps { get; init; }

    /// <summary><c>device</c>: `auto`, `cpu`, `cuda`, `cuda:N`, or a CUDA index N.</summary>
    public required string Device { get; init; }

    /// <summary><c>resume</c>: Written by PyTTI's Colab notebook (resume a run); ignored here, renders resume from the frame cache.</summary>
    public required bool Resume { get; init; }

    /// <summary><c>base_name</c>: Written by PyTTI's Colab notebook (output base name); ignored here, outputs are named by `file_namespace`.</summary>
    public required string BaseName { get; init; }

    /// <summary><c>restore</c>: PyTTI resume switch (the pipeline resumes from checkpoints by itself).</summary>
    public required bool Restore { get; init; }

    /// <summary><c>perceptors</c>: Perceptors by registered name (`ViTB32`, `ViT-B/32`, `RN50`, ...) or checkpoint path, in addition to switches set to true.</summary>
    public required IReadOnlyList<string> Perceptors { get; init; }

    /// <summary><c>depth_model</c>: Depth model (3D and depth stabilisation): registered name or checkpoint path.</summary>
    public required string DepthModel { get; init; }

    /// <summary><c>flow_model</c>: Optical-flow model: registered name or checkpoint path.</summary>
    public required string FlowModel { get; init; }

    /// <summary><c>video_container</c>: Video output container; `none` writes frames only.</summary>
    public required string VideoContainer { get; init; }

    /// <summary><c>video_codec</c>: Video codec; empty = the container's default (`libx264`, `libvpx-vp9`, `gif`).</summary>
    public required string VideoCodec { get; init; }

    /// <summary><c>video_quality</c>: Constant rate factor (0 best .. 63 worst; mp4 uses 0..51).</summary>
    public required int VideoQuality { get; init; }

    /// <summary><c>video_fps</c>: Video frame rate; null = `frames_per_second`.</summary>
    public required double? VideoFps { get; init; }

    /// <summary><c>checkpoint_every</c>: Engine state checkpoint every N frames (0 = never).</summary>
    public required long CheckpointEvery { get; init; }

    internal static PyttiSettings From(IReadOnlyDictionary<string, object?> values) => new()
    {
        Scenes = (string)values["scenes"]!,
        ScenePrefix = (string)values["scene_prefix"]!,
        SceneSuffix = (string)values["scene_suffix"]!,
        DirectImagePrompts = (string)values["direct_image_prompts"]!,
        InitImage = (string)values["init_image"]!,
        DirectInitWeight = (string)values["direct_init_weight"]!,
        SemanticInitWeight = (string)values["semantic_init_weight"]!,
        ImageModel = (string)values["image_model"]!,
        VqganModel = (string)values["vqgan_model"]!,
        AnimationMode = (string)values["animation_mode"]!,
        Width = (int)values["width"]!,
        Height = (int)values["height"]!,
        StepsPerScene = (long)values["steps_per_scene"]!,
        StepsPerFrame = (long)values["steps_per_frame"]!,
        InterpolationSteps = (long)values["interpolation_steps"]!,
        LearningRate = (double?)values["learning_rate"]!,
        ResetLrEachFrame = (bool)values["reset_lr_each_frame"]!,
        Seed = (string)values["seed"]!,
        Cutouts = (int)values["cutouts"]!,
        CutPow = (double)values["cut_pow"]!,
        CutoutBorder = (double)values["cutout_border"]!,
        BorderMode = (string)values["border_mode"]!,
        FieldOfView = (double)values["field_of_view"]!,
        NearPlane = (double)values["near_plane"]!,
        FarPlane = (double)values["far_plane"]!,
        InputAudio = (string)values["input_audio"]!,
        InputAudioOffset = (double)values["input_audio_offset"]!,
        InputAudioFilters = (IReadOnlyList<AudioFilter>)values["input_audio_filters"]!,
        PreAnimationSteps = (long)values["pre_animation_steps"]!,
        LockCamera = (bool)values["lock_camera"]!,
        TranslateX = (CompiledExpression)values["translate_x"]!,
        TranslateY = (CompiledExpression)values["translate_y"]!,
        TranslateZ3d = (CompiledExpression)values["translate_z_3d"]!,
        Rotate3d = (CompiledExpression)values["rotate_3d"]!,
        Rotate2d = (CompiledExpression)values["rotate_2d"]!,
        ZoomX2d = (CompiledExpression)values["zoom_x_2d"]!,
        ZoomY2d = (CompiledExpression)values["zoom_y_2d"]!,
        SamplingMode = (string)values["sampling_mode"]!,
        InfillMode = (string)values["infill_mode"]!,
        PixelSize = (int)values["pixel_size"]!,
        SmoothingWeight = (CompiledExpression)values["smoothing_weight"]!,
        RandomInitialPalette = (bool)values["random_initial_palette"]!,
        PaletteSize = (int)values["palette_size"]!,
        Palettes = (int)values["palettes"]!,
        Gamma = (double)values["gamma"]!,
        HdrWeight = (double)values["hdr_weight"]!,
        PaletteNormalizationWeight = (double)values["palette_normalization_weight"]!,
        ShowPalette = (bool)values["show_palette"]!,
        TargetPalette = (string)values["target_palette"]!,
        LockPalette = (bool)values["lock_palette"]!,
        FramesPerSecond = (double)values["frames_per_second"]!,
        DirectStabilizationWeight = (string)values["direct_stabilization_weight"]!,
        SemanticStabilizationWeight = (string)values["semantic_stabilization_weight"]!,
        DepthStabilizationWeight = (string)values["depth_stabilization_weight"]!,
        EdgeStabilizationWeight = (string)values["edge_stabilization_weight"]!,
        FlowStabilizationWeight = (string)values["flow_stabilization_weight"]!,
        VideoPath = (string)values["video_path"]!,
        FrameStride = (long)values["frame_stride"]!,
        ReencodeEachFrame = (bool)values["reencode_each_frame"]!,
        FlowLongTermSamples = (long)values["flow_long_term_samples"]!,
        ViTB32 = (bool)values["ViTB32"]!,
        ViTB16 = (bool)values["ViTB16"]!,
        ViTL14 = (bool)values["ViTL14"]!,
        ViTL14At336px = (bool)values["ViTL14_336px"]!,
        RN50 = (bool)values["RN50"]!,
        RN101 = (bool)values["RN101"]!,
        RN50x4 = (bool)values["RN50x4"]!,
        RN50x16 = (bool)values["RN50x16"]!,
        RN50x64 = (bool)values["RN50x64"]!,
        UseMmc = (bool)values["use_mmc"]!,
        MmcModels = (IReadOnlyList<string>)values["mmc_models"]!,
        FileNamespace = (string)values["file_namespace"]!,
        AllowOverwrite = (bool)values["allow_overwrite"]!,
        DisplayEvery = (long)values["display_every"]!,
        ClearEvery = (long)values["clear_every"]!,
        DisplayScale = (double)values["display_scale"]!,
        SaveEvery = (long)values["save_every"]!,
        Backups = (long)values["backups"]!,
        ShowGraphs = (bool)values["show_graphs"]!,
        ApproximateVramUsage = (bool)values["approximate_vram_usage"]!,
        UseTensorboard = (bool)values["use_tensorboard"]!,
        ModelsParentDir = (string)values["models_parent_dir"]!,
        GradientAccumulationSteps = (int)values["gradient_accumulation_steps"]!,
        Device = (string)values["device"]!,
        Resume = (bool)values["resume"]!,
        BaseName = (string)values["base_name"]!,
        Restore = (bool)values["restore"]!,
        Perceptors = (IReadOnlyList<string>)values["perceptors"]!,
        DepthModel = (string)values["depth_model"]!,
        FlowModel = (string)values["flow_model"]!,
        VideoContainer = (string)values["video_container"]!,
        VideoCodec = (string)values["video_codec"]!,
        VideoQuality = (int)values["video_quality"]!,
        VideoFps = (double?)values["video_fps"]!,
        CheckpointEvery = (long)values["checkpoint_every"]!,
    };
}
