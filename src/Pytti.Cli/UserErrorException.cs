namespace Pytti.Cli;

/// <summary>
/// A mistake the user can fix (bad path, unsupported file, ...). The tool prints
/// <c>error PYTTInnn: message</c> and exits with code 1; no stack trace.
/// </summary>
public sealed class UserErrorException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
