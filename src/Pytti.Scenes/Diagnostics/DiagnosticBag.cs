namespace Pytti.Scenes.Diagnostics;

/// <summary>Collects every mistake found while loading a scene, so all of them are reported at once.</summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];

    public IReadOnlyList<Diagnostic> Items => _items;

    public bool HasErrors => _items.Count > 0;

    public void Add(Diagnostic diagnostic) => _items.Add(diagnostic);

    public void Add(string code, string message, SourceLocation location) => _items.Add(new Diagnostic(code, message, location));

    public void AddRange(IEnumerable<Diagnostic> diagnostics) => _items.AddRange(diagnostics);
}
