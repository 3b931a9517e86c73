namespace Pytti.Scenes.Planning;

/// <summary>
/// The exact schedule of a render, computed from <c>steps_per_scene</c>, <c>steps_per_frame</c>,
/// <c>pre_animation_steps</c>, <c>interpolation_steps</c>, <c>frames_per_second</c> and the number of
/// scenes, as PyTTI's main loop does (reference 7.3, 7.4).
/// </summary>
public sealed class FramePlan
{
    private readonly int _stepsPerScene;
    private readonly int _stepsPerFrame;
    private readonly int _preAnimationSteps;
    private readonly int _interpolationSteps;
    private readonly int _framesPerSecond;

    public FramePlan(int sceneCount, int stepsPerScene, int stepsPerFrame, int preAnimationSteps, int interpolationSteps, int framesPerSecond)
    {
        _stepsPerScene = stepsPerScene;
        _stepsPerFrame = stepsPerFrame;
        _preAnimationSteps = preAnimationSteps;
        _interpolationSteps = interpolationSteps;
        _framesPerSecond = framesPerSecond;
        SceneCount = sceneCount;
        TotalSteps = sceneCount * stepsPerScene;
        Frames = BuildFrames();
    }

    public static FramePlan For(SceneDocument document)
    {
        var v = document.Values;
        return new FramePlan(document.Scenes.Count, v.StepsPerScene, v.StepsPerFrame, v.PreAnimationSteps, v.InterpolationSteps, v.FramesPerSecond);
    }

    public int SceneCount { get; }

    public int TotalSteps { get; }

    public IReadOnlyList<FrameInfo> Frames { get; }

    /// <summary>Every step in order.</summary>
    public IEnumerable<StepInfo> Steps => Enumerable.Range(0, TotalSteps).Select(Step);

    /// <summary><c>t = (i - pre) / (steps_per_frame * frames_per_second)</c>.</summary>
    public double TimeAt(int step) => (double)(step - _preAnimationSteps) / ((double)_stepsPerFrame * _framesPerSecond);

    public StepInfo Step(int i)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(i);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(i, TotalSteps);
        var scene = i / _stepsPerScene;
        var k = i % _stepsPerScene;
        var tau = k < _interpolationSteps ? (double)k / _interpolationSteps : 1.0;
        var boundary = i >= _preAnimationSteps && (i - _preAnimationSteps) % _stepsPerFrame == 0;
        return new StepInfo(i, scene, k, TimeAt(i), tau, Math.Max(scene - 1, 0), boundary);
    }

    public IEnumerable<StepInfo> StepsOf(FrameInfo frame) => Enumerable.Range(frame.FirstStep, frame.StepCount).Select(Step);

    private List<FrameInfo> BuildFrames()
    {
        var frames = new List<FrameInfo>();
        if (TotalSteps == 0)
            return frames;
        if (_preAnimationSteps >= TotalSteps)
        {
            frames.Add(new FrameInfo(0, 0, TotalSteps, null, TimeAt(0), 0));
            return frames;
        }
        for (var m = 0; _preAnimationSteps + m * (long)_stepsPerFrame < TotalSteps; m++)
        {
            var boundary = _preAnimationSteps + m * _stepsPerFrame;
            var first = m == 0 ? 0 : boundary;
            var end = (int)Math.Min(TotalSteps, boundary + (long)_stepsPerFrame);
            frames.Add(new FrameInfo(m, first, end, boundary, TimeAt(boundary), boundary / _stepsPerScene));
        }
        return frames;
    }
}
