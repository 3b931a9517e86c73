using System.Diagnostics;
using Pytti.Engine.Rendering;
using Pytti.Pipeline.Rendering;
using Pytti.Testing;

namespace Pytti.Pipeline.Tests.Rendering;

/// <summary>Video masks through the pipeline: a prompt and the stabilisation losses masked by FFmpeg-made videos.</summary>
public sealed class VideoMaskRenderJobTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-vmaskjob-");

    public void Dispose() => _dir.Delete(recursive: true);

    /// <summary>A 32×32 mask video, <paramref name="frames"/> frames at 1 fps, white on the left half when <paramref name="left"/>.</summary>
    private void MakeMask(string name, bool left, int frames = 2)
    {
        var x = left ? 0 : 16;
        using var p = Process.Start(new ProcessStartInfo("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", $"color=black:s=32x32:r=1:d={frames}",
            "-vf", $"drawbox=x={x}:y=0:w=16:h=32:color=white:t=fill", "-c:v", "libx264", "-qp", "0", "-pix_fmt", "yuv444p",
            Path.Combine(_dir.FullName, name)]) { RedirectStandardError = true })!;
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, p.StandardError.ReadToEnd());
    }

    private RenderRequest Request()
    {
        var store = TinyRenders.Store(_dir.FullName);
        var scene = Path.Combine(_dir.FullName, "masked.pytti.yaml");
        File.WriteAllText(scene, $"""
            scenes: a stormy sky:1_[-prompt.mp4]
            animation_mode: 2D
            translate_x: '1'
            direct_stabilization_weight: 1_stab.mp4
            edge_stabilization_weight: 1_-stab.mp4
            perceptors: [{SharedFixtures.Path("fixtures", "clip", "tiny_vit_b.pt")}]
            width: 16
            height: 16
            steps_per_scene: 6
            steps_per_frame: 2
            pre_animation_steps: 0
            save_every: 2
            cutouts: 2

            """);
        return TinyRenders.Offline(scene, _dir.FullName, store);
    }

    [Fact]
    public void Video_masks_render_past_the_end_of_the_video_and_a_changed_stabilisation_mask_renders_again()
    {
        MakeMask("prompt.mp4", left: true);
        MakeMask("stab.mp4", left: true);   // 2 frames: boundaries read frames 1, 2, 3, clamped to the last (PyTTI crashes)
        var request = Request();
        var first = new RecordingProgress();
        RenderJob.Run(request, first);
        Assert.NotEmpty(first.Frames);
        var second = new RecordingProgress();
        RenderJob.Run(request, second);
        Assert.Empty(second.Frames);
        MakeMask("stab.mp4", left: false);  // the stabilisation masks' video is part of every frame's key
        var third = new RecordingProgress();
        RenderJob.Run(request, third);
        Assert.NotEmpty(third.Frames);
    }
}
