using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Pytti.Pipeline.Media;

namespace Pytti.Cli.Preview;

/// <summary>The preview server's routes.</summary>
internal static class PreviewEndpoints
{
    public static void Map(WebApplication app, PreviewState state, Action stop)
    {
        var plots = new PlotCache(state);
        app.MapGet("/", () => Results.Content(PreviewPage.Html, "text/html; charset=utf-8"));
        app.MapGet("/state", () => Results.Content(state.SnapshotJson, "application/json"));
        app.MapGet("/events", (HttpContext context) => Events(context, state));
        app.MapGet("/image", () => state.LatestImage() switch
        {
            ({ } image, _) => Png(ImageFile.EncodePng(image)),
            (_, { } file) when File.Exists(file) => Png(File.ReadAllBytes(file)),
            _ => Results.NotFound(),
        });
        app.MapGet("/frames/{index:int}", (int index) =>
            state.FramePath(index) is { } file && File.Exists(file) ? Png(File.ReadAllBytes(file)) : Results.NotFound());
        app.MapGet("/plot.png", () => Png(plots.Current()));
        app.MapPost("/stop", (HttpContext context) =>
        {
            if (!context.Request.Headers.ContainsKey(PreviewServer.StopHeader)) return Results.BadRequest();
            stop();
            return Results.Ok();
        });
    }

    private static IResult Png(byte[] bytes) => Results.Bytes(bytes, "image/png");

    /// <summary>Server-sent events: the current snapshot at once, then every update, until the page goes.</summary>
    private static async Task Events(HttpContext context, PreviewState state)
    {
        context.Response.Headers.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-store";
        var updates = state.Pages.Subscribe(state.SnapshotJson);
        try
        {
            await foreach (var update in updates.ReadAllAsync(context.RequestAborted))
            {
                await context.Response.WriteAsync("data: " + update + "\n\n", Encoding.UTF8, context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        }
        catch (OperationCanceledException) { }   // the page closed or the server stops
        finally
        {
            state.Pages.Unsubscribe(updates);
        }
    }

    /// <summary>The loss figure, drawn at most once per snapshot's plot version.</summary>
    private sealed class PlotCache(PreviewState state)
    {
        private readonly Lock _gate = new();
        private (int Version, byte[] Png)? _last;

        public byte[] Current()
        {
            lock (_gate)
            {
                var version = state.Snapshot.Plot;
                if (_last is not { } last || last.Version != version)
                    _last = (version, state.PlotFile is { } file && File.Exists(file) ? File.ReadAllBytes(file) : LossPlot.Png(state.Losses()));
                return _last.Value.Png;
            }
        }
    }
}
