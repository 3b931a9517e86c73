namespace Pytti.Build;

/// <summary>
/// Codes the MSBuild task raises itself (PYTTI400–419). Everything else it reports comes from the
/// <c>pytti</c> tool with the tool's own code.
/// </summary>
internal static class BuildErrorCodes
{
    /// <summary>The pytti tool (or the dotnet host for a <c>pytti.dll</c>) cannot be found.</summary>
    public const string ToolNotFound = "PYTTI400";
    /// <summary>pytti failed without reporting an error of its own (a crash: exit code and output tail).</summary>
    public const string ToolFailed = "PYTTI401";
    /// <summary>pytti rejected its command line (an option this version does not know, or a bad value).</summary>
    public const string ToolUsage = "PYTTI402";
    /// <summary>pytti exited with 0 but never reported the end of the render.</summary>
    public const string ToolProtocol = "PYTTI403";
    /// <summary>A PyttiScene item names a file that does not exist.</summary>
    public const string SceneMissing = "PYTTI404";
}
