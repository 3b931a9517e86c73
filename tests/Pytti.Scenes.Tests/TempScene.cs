using Pytti.Scenes;

namespace Pytti.Scenes.Tests;

/// <summary>A temporary folder holding scene files; loads them with that folder as working directory.</summary>
internal sealed class TempScene : IDisposable
{
    public TempScene() => Directory.CreateDirectory(Folder);

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "pytti-scenes-" + Guid.NewGuid().ToString("N"));

    public string Write(string name, string yaml)
    {
        var path = Path.Combine(Folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, yaml);
        return path;
    }

    public SceneLoadResult Load(string name, params string[] overrides) =>
        SceneLoader.Load(name, new SceneLoadOptions { WorkingDirectory = Folder, Overrides = overrides });

    /// <summary>Writes <paramref name="yaml"/> as <c>scene.pytti.yaml</c> and loads it.</summary>
    public static SceneLoadResult LoadText(string yaml, params string[] overrides)
    {
        using var temp = new TempScene();
        temp.Write("scene.pytti.yaml", yaml);
        return temp.Load("scene.pytti.yaml", overrides);
    }

    /// <summary>Loads and expects success.</summary>
    public static SceneDocument Document(string yaml, params string[] overrides)
    {
        var result = LoadText(yaml, overrides);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return result.Document!;
    }

    /// <summary>Loads and returns the error lines.</summary>
    public static string[] Errors(string yaml, params string[] overrides) =>
        LoadText(yaml, overrides).Diagnostics.Select(d => d.ToString()).ToArray();

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
