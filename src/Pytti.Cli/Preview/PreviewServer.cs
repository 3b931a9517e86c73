using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Pytti.Cli.Preview;

/// <summary>
/// The live preview page on Kestrel: <c>/</c> the page, <c>/events</c> server-sent snapshots,
/// <c>/image</c> the latest image, <c>/frames/N</c> a saved frame, <c>/plot.png</c> the loss figure,
/// <c>POST /stop</c> the stop button. Everything it serves comes from <see cref="PreviewState"/>.
/// </summary>
public sealed class PreviewServer : IAsyncDisposable
{
    /// <summary>The header the stop button sends: a cross-site form cannot, so another site's page cannot stop a render.</summary>
    public const string StopHeader = "X-Pytti-Stop";

    private readonly WebApplication _app;

    private PreviewServer(WebApplication app, Uri address) => (_app, Address) = (app, address);

    public Uri Address { get; }

    public static async Task<PreviewServer> StartAsync(PreviewOptions options, PreviewState state, Action stop)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(options.Host, options.Port));
        var app = builder.Build();
        PreviewEndpoints.Map(app, state, stop);
        try
        {
            await app.StartAsync().ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new UserErrorException(CliErrorCodes.Preview,
                $"cannot serve the preview on {options.Host}:{options.Port} ({e.Message.TrimEnd('.')}). Choose another port with --preview=PORT, or --preview=0 for a free one.");
        }
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new PreviewServer(app, new Uri(bound.Replace("[::]", "localhost", StringComparison.Ordinal) + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
