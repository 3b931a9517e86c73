using Pytti.Engine.ImageModels;
using Pytti.Engine.Rendering;

namespace Pytti.Engine.Tests;

/// <summary>Audio variables reach every expression: here a 2D translation driven by a band level.</summary>
public class AudioDrivenRenderTests
{
    private sealed class Frames : IRenderObserver
    {
        public List<float[]> Images { get; } = [];
        public void OnStep(StepRecord record) { }
        public void OnImage(SavedImage image) => Images.Add(image.Image.Floats());
    }

    [Fact]
    public void A_band_level_moves_the_image_only_in_frames_where_it_sounds()
    {
        // The scene needs an audio file to be valid; the levels themselves are given per frame below.
        var audio = Path.Combine(Directory.CreateTempSubdirectory("pytti-audio-").FullName, "silence.wav");
        System.Diagnostics.Process.Start("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", "1", audio])!.WaitForExit();
        var doc = Fixtures.Scene($"""
            scenes: a lighthouse
            animation_mode: 2D
            translate_x: low * 2
            sampling_mode: nearest
            infill_mode: black
            learning_rate: 0
            width: 8
            height: 8
            steps_per_scene: 4
            steps_per_frame: 1
            pre_animation_steps: 0
            save_every: 1
            cutouts: 2
            input_audio: {audio}
            input_audio_filters:
              - variable_name: low
                f_center: 100
                f_width: 50
            """);
        IReadOnlyDictionary<string, double> Level(double v) => new Dictionary<string, double> { ["low"] = v, ["low_prev"] = 0 };
        using var ensemble = Fixtures.TinyVit();
        using var model = ImageModelFactory.Create(doc, 8, 8);
        // Frame 0: silent, frame 1: loud, frame 2: silent, frame 3: loud.
        using var renderer = new StillRenderer(doc, ensemble, model, new RenderAssets(_ => throw new InvalidOperationException(), [Level(0), Level(1), Level(0), Level(1)]));
        var frames = new Frames();
        renderer.Run(frames);
        bool Same(float[] a, float[] b) => a.SequenceEqual(b);
        bool ShiftedRight(float[] before, float[] after, int by) =>
            Enumerable.Range(0, 3).All(c => Enumerable.Range(0, 8).All(y => Enumerable.Range(by, 8 - by)
                .All(x => after[c * 64 + y * 8 + x] == before[c * 64 + y * 8 + x - by])));
        var steps = Enumerable.Range(0, frames.Images.Count - 1)
            .Select(k => Same(frames.Images[k], frames.Images[k + 1]) ? "same" : ShiftedRight(frames.Images[k], frames.Images[k + 1], 2) ? "+2" : "other").ToList();
        // The image saved before step k+1 shows frame k's transform; frames 1 and 3 are loud.
        Assert.Equal(["+2", "same", "+2"], steps);
    }
}
