namespace Pytti.Scenes.Schema;

/// <summary>One audio band-pass filter; its normalised level is the expression variable <c>VariableName</c> (and <c>VariableName_prev</c>).</summary>
public sealed record AudioFilter(string VariableName, double FCenter, double FWidth, int Order);
