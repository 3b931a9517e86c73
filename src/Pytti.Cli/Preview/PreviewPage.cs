namespace Pytti.Cli.Preview;

/// <summary>The page itself (<c>Preview/page.html</c>, embedded): it listens to <c>/events</c> and redraws from each snapshot.</summary>
internal static class PreviewPage
{
    public static string Html { get; } = Load();

    private static string Load()
    {
        using var stream = typeof(PreviewPage).Assembly.GetManifestResourceStream("Pytti.Cli.Preview.page.html")
            ?? throw new InvalidOperationException("the preview page is missing from the assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
