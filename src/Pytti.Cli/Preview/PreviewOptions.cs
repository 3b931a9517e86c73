using System.Net;

namespace Pytti.Cli.Preview;

/// <summary>Where the preview page listens: loopback (127.0.0.1) unless <c>--preview-host</c> names another address; port 0 picks a free one.</summary>
public sealed record PreviewOptions(IPAddress Host, int Port)
{
    public static readonly IPAddress DefaultHost = IPAddress.Loopback;

    /// <summary>The options from <c>--preview[=PORT]</c> and <c>--preview-host</c>; a host that is not an IP address or <c>localhost</c> is a user error.</summary>
    public static PreviewOptions Parse(int? port, string? host)
    {
        if (port is < 0 or > 65535)
            throw new UserErrorException(CliErrorCodes.Preview, $"--preview={port}: a port is 0 to 65535 (0 picks a free one).");
        return new PreviewOptions(Address(host), port ?? 0);
    }

    private static IPAddress Address(string? host)
    {
        if (host is null || host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return DefaultHost;
        if (IPAddress.TryParse(host, out var address)) return address;
        throw new UserErrorException(CliErrorCodes.Preview,
            $"--preview-host {host}: not an IP address. Give the address to listen on (0.0.0.0 for every interface, which lets other machines see the render); without it the page is served on 127.0.0.1 only.");
    }
}
