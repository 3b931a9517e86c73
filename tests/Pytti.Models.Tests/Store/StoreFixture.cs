using System.Security.Cryptography;
using Pytti.Models.Store;

namespace Pytti.Models.Tests.Store;

/// <summary>A temporary store folder, a seeded payload and a model source pointing at a loopback URL.</summary>
internal sealed class StoreFixture : IDisposable
{
    public const int PayloadSize = 300_000;

    public StoreFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "pytti-store-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        Payload = new byte[PayloadSize];
        new Random(1234).NextBytes(Payload);
        Sha256 = Convert.ToHexStringLower(SHA256.HashData(Payload));
    }

    public string Root { get; }
    public byte[] Payload { get; }
    public string Sha256 { get; }

    // The stall timeout must stay well above what a busy 2-core CI machine needs to answer on loopback
    // (0.5 s flaked when several test projects ran at once) and well below the test server's deliberate stall.
    public static ModelStoreOptions FastOptions { get; } = new(RetryDelay: TimeSpan.Zero, StallTimeout: TimeSpan.FromSeconds(4), ConnectTimeout: TimeSpan.FromSeconds(10));

    public ModelSource SourceAt(Uri url, string? sha256 = null) =>
        new("TestModel", "test", "model.bin", url, sha256 ?? Sha256, "test data");

    public ModelStore Store(ModelStoreOptions? options = null) =>
        new(Root, options ?? FastOptions, ModelStore.CreateHttpClient(options ?? FastOptions));

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }
}

/// <summary>Collects progress reports synchronously (unlike <see cref="Progress{T}"/>, which posts them later).</summary>
internal sealed class ProgressLog : IProgress<DownloadProgress>
{
    private readonly List<DownloadProgress> _reports = [];

    public IReadOnlyList<DownloadProgress> Reports { get { lock (_reports) return [.. _reports]; } }

    public void Report(DownloadProgress value) { lock (_reports) _reports.Add(value); }
}
