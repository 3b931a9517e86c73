using System.Diagnostics;
using Pytti.Engine.Animation;
using Pytti.Models.Flow;
using Pytti.Pipeline.Media;
using Pytti.Testing;
using Pytti.Torch;

namespace Pytti.Pipeline.Tests.Media;

/// <summary>
/// Video Source on a synthetic pan made with FFmpeg from real/stormy.jpeg: a 160×160 window moving
/// right by <see cref="Shift"/> px per frame for 6 frames (so the content moves left: forward flow (−3, 0)),
/// then a hard cut to another, vertically flipped, still region for 4 frames.
/// Measured (8 RAFT-small iterations): medians −3.04, −2.83, −2.91 px per frame and −6.07, −6.02 with
/// stride 2 (all |dy| &lt; 0.13); the cut pair has 0.000 consistent pixels (the reference's rule: &lt; 0.03).
/// </summary>
public sealed class VideoFramesTests : IDisposable
{
    private const int Shift = 3;
    private const int CutAt = 6;
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-video-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string MakePan() => MakePan(_dir.FullName);

    /// <summary>Writes the pan-then-cut video into <paramref name="directory"/>; returns its path.</summary>
    internal static string MakePan(string directory)
    {
        var path = Path.Combine(directory, "pan.mp4");
        RunFfmpeg(
            "-loop", "1", "-framerate", "12", "-i", SharedFixtures.Path("fixtures", "real", "stormy.jpeg"),
            "-filter_complex",
            $"[0]format=yuv444p,split[a][b];[a]crop=160:160:x='400+{Shift}*n':y=420,trim=end_frame={CutAt}[p];" +
            "[b]vflip,crop=160:160:x=900:y=150,trim=end_frame=4,setpts=PTS-STARTPTS[q];[p][q]concat=n=2:v=1[v]",
            "-map", "[v]", "-c:v", "libx264", "-crf", "8", "-pix_fmt", "yuv444p", "-r", "12", path);
        return path;
    }

    /// <summary>Runs ffmpeg quietly with <paramref name="args"/>; a failure fails the test with its stderr.</summary>
    internal static void RunFfmpeg(params string[] args)
    {
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-v", "error", "-nostdin", "-y" }.Concat(args)) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var err = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, err);
    }

    private static float Median(TorchSharp.torch.Tensor t)
    {
        using var dense = t.contiguous();
        var values = dense.data<float>().ToArray();
        Array.Sort(values);
        return values[values.Length / 2];
    }

    [Fact]
    public void Probe_counts_frames_and_reads_clamp_to_the_last()
    {
        using var video = VideoFrames.Open(MakePan());
        Assert.Equal((160, 160, CutAt + 4), (video.Width, video.Height, video.Count));
        Assert.Equal(12.0, video.FramesPerSecond, 3);
        Assert.Equal(video.Read(video.Count - 1).Pixels, video.Read(500).Pixels);
        Assert.NotEqual(video.Read(0).Pixels, video.Read(1).Pixels);
    }

    [Fact]
    public void Raft_recovers_the_pan_with_frame_stride_and_detects_the_hard_cut()
    {
        using var video = VideoFrames.Open(MakePan());
        using var raft = FlowModel.Load(SharedFixtures.Path("models", "raft-small.pth"));
        using var scope = TorchSharp.torch.NewDisposeScope();
        var report = new List<string>();
        // frame_stride 1 and 2: the video frames n and n + stride, the pan is stride·Shift px.
        foreach (var (stride, from) in new[] { (1, 0), (1, 1), (1, 4), (2, 0), (2, 3), (1, CutAt - 1), (1, CutAt), (2, CutAt) })
        {
            using var a = video.Read(from).ToTensor();
            using var b = video.Read(from + stride).ToTensor();
            using var flow = FlowWarp.Estimate(raft, a, b, iterations: 8);
            using var mask = FlowWarp.ConsistencyMask(flow);
            var evidence = FlowWarp.Evidence(a, b, flow, mask);
            var dx = Median(flow.Forward.narrow(1, 0, 1));
            var dy = Median(flow.Forward.narrow(1, 1, 1));
            report.Add($"{from}->{from + stride}: median ({dx:F3}, {dy:F3}) consistent {evidence.ConsistentFraction:F3} photometric {evidence.PhotometricError:F4} cut {evidence.IsCut}");
            var crossesCut = from < CutAt && from + stride >= CutAt;
            Assert.True(evidence.IsCut == crossesCut, string.Join("\n", report));
            if (crossesCut) continue;
            var expected = from >= CutAt ? 0 : -Shift * stride;   // after the cut the window is still
            Assert.True(Math.Abs(dx - expected) < 0.5 && Math.Abs(dy) < 0.5, string.Join("\n", report));
        }
        Console.WriteLine(string.Join("\n", report));
    }
}
