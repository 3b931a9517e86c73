namespace Pytti.Scenes.Planning;

/// <summary>
/// One output frame: the steps <c>[FirstStep, EndStep)</c> that produce it. Frame m's boundary is
/// step <c>pre_animation_steps + m * steps_per_frame</c>, where PyTTI moves the camera, resets Adam
/// and reads audio; frame 0 also owns the pre-animation steps before its boundary. When the run ends
/// before the first boundary there is one frame without a boundary. <c>T</c> is the time at the
/// boundary (PyTTI's <c>t</c> of that step), or at the first step when there is none. Steps and frames
/// are counted in 64 bits, as PyTTI's Python ints count them.
/// </summary>
public sealed record FrameInfo(long Index, long FirstStep, long EndStep, long? BoundaryStep, double T, int Scene)
{
    public long StepCount => EndStep - FirstStep;
}
