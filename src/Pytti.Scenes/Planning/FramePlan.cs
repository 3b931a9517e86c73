namespace Pytti.Scenes.Planning;

/// <summary>
/// The exact schedule of a render, computed from <c>steps_per_scene</c>, <c>steps_per_frame</c>,
/// <c>pre_animation_steps</c>, <c>interpolation_steps</c>, <c>frames_per_second</c> and the number of
/// scenes, as PyTTI's main loop does (reference 7.3, 7.4). Steps and frames are 64-bit and computed
/// when asked for, so a plan of 3·10^9 steps costs nothing until its frames are walked.
/// </summary>
public sealed class FramePlan
{
    private readonly long _stepsPerScene;
    private readonly long _stepsPerFrame;
    private readonly long _preAnimationSteps;
    private readonly long _interpolationSteps;
    private readonly double _framesPerSecond;

    /// <exception cref="OverflowException">The scenes' steps together exceed 2^63-1 (the loader reports this first, located).</exception>
    public FramePlan(int sceneCount, long stepsPerScene, long stepsPerFrame, long preAnimationSteps, long interpolationSteps, double framesPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sceneCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(stepsPerScene, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stepsPerFrame, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(preAnimationSteps);
        ArgumentOutOfRangeException.ThrowIfNegative(interpolationSteps);
        _stepsPerScene = stepsPerScene;
        _stepsPerFrame = stepsPerFrame;
        _preAnimationSteps = preAnimationSteps;
        _interpolationSteps = interpolationSteps;
        _framesPerSecond = framesPerSecond;
        SceneCount = sceneCount;
        TotalSteps = checked(sceneCount * stepsPerScene);
        FrameCount = TotalSteps == 0 ? 0 : preAnimationSteps >= TotalSteps ? 1 : (TotalSteps - preAnimationSteps - 1) / stepsPerFrame + 1;
        Frames = new FrameSequence(this);
    }

    public static FramePlan For(SceneDocument document)
    {
        var v = document.Values;
        return new FramePlan(document.Scenes.Count, v.StepsPerScene, v.StepsPerFrame, v.PreAnimationSteps, v.InterpolationSteps, v.FramesPerSecond);
    }

    public int SceneCount { get; }

    public long TotalSteps { get; }

    public long FrameCount { get; }

    public FrameSequence Frames { get; }

    /// <summary>Every step in order.</summary>
    public IEnumerable<StepInfo> Steps => StepRange(0, TotalSteps);

    /// <summary><c>t = (i - pre) / (steps_per_frame * frames_per_second)</c>, as PyTTI computes it.</summary>
    public double TimeAt(long step) => (step - _preAnimationSteps) / (_stepsPerFrame * _framesPerSecond);

    public StepInfo Step(long i)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(i);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(i, TotalSteps);
        var scene = (int)(i / _stepsPerScene);
        var k = i % _stepsPerScene;
        var tau = k < _interpolationSteps ? (double)k / _interpolationSteps : 1.0;
        var boundary = i >= _preAnimationSteps && (i - _preAnimationSteps) % _stepsPerFrame == 0;
        return new StepInfo(i, scene, k, TimeAt(i), tau, Math.Max(scene - 1, 0), boundary);
    }

    public IEnumerable<StepInfo> StepsOf(FrameInfo frame) => StepRange(frame.FirstStep, frame.EndStep);

    /// <summary>Frame m, computed (nothing is stored per frame).</summary>
    public FrameInfo Frame(long m)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(m, FrameCount);
        if (_preAnimationSteps >= TotalSteps)
            return new FrameInfo(0, 0, TotalSteps, null, TimeAt(0), 0);
        var boundary = _preAnimationSteps + m * _stepsPerFrame;   // < TotalSteps, as m < FrameCount
        var first = m == 0 ? 0 : boundary;
        var end = TotalSteps - boundary <= _stepsPerFrame ? TotalSteps : boundary + _stepsPerFrame;
        return new FrameInfo(m, first, end, boundary, TimeAt(boundary), (int)(boundary / _stepsPerScene));
    }

    /// <summary>The frame step <paramref name="step"/> belongs to.</summary>
    public FrameInfo FrameOf(long step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(step, TotalSteps);
        return Frame(step < _preAnimationSteps ? 0 : (step - _preAnimationSteps) / _stepsPerFrame);
    }

    private IEnumerable<StepInfo> StepRange(long first, long end)
    {
        for (var i = first; i < end; i++)
            yield return Step(i);
    }
}
