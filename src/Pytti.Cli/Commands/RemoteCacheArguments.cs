using System.CommandLine;
using Pytti.Pipeline.Cache.Remote;

namespace Pytti.Cli.Commands;

/// <summary><c>--remote-cache URL</c> and <c>--remote-cache-read-only</c> of <c>render</c> and <c>plan</c>.</summary>
internal sealed class RemoteCacheArguments
{
    public Option<string?> Url { get; } = new("--remote-cache")
    {
        Description = $"Shared frame cache over HTTP in bazel-remote's layout (cas/, ac/); default ${RemoteCacheOptions.UrlVariable}. " +
            $"Credentials from ${RemoteCacheOptions.TokenVariable} (bearer) or ${RemoteCacheOptions.BasicVariable} (user:password).",
    };

    public Option<bool> ReadOnly { get; } = new("--remote-cache-read-only") { Description = "Pull frames from the remote cache but never upload." };

    public void AddTo(Command command)
    {
        command.Options.Add(Url);
        command.Options.Add(ReadOnly);
    }

    /// <summary>The options given, else from the environment; a bad URL is a user error (PYTTI151).</summary>
    public RemoteCacheOptions? Resolve(ParseResult parse)
    {
        try
        {
            return RemoteCacheOptions.Resolve(parse.GetValue(Url), parse.GetValue(ReadOnly));
        }
        catch (ArgumentException e)
        {
            throw new UserErrorException(CliErrorCodes.RemoteCacheUrl, e.Message);
        }
    }
}
