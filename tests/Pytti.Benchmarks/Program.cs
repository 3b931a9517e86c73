using System.Globalization;
using System.Text.Json;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Pytti.Benchmarks;
using Pytti.Torch;

// Usage: Pytti.Benchmarks [pytorch-results.json]   |   Pytti.Benchmarks clip-step [pytorch-results.json]
//        Pytti.Benchmarks video-frames [FRAMES] [SIZE] [RUNS]
if (args.Length > 0 && args[0] == "long-run")
{
    // long-run CLIP_CHECKPOINT BPE_VOCABULARY [STEPS]
    LongRun.Run(args[1], args[2], args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 10_000);
    return;
}
if (args.Length > 0 && args[0] == "video-frames")
{
    // video-frames [FRAMES] [SIZE] [RUNS]: reading a video's frames in order, select per frame vs sequential decoding
    int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;
    VideoFramesBench.Run(Arg(1, 300), Arg(2, 256), Arg(3, 3));
    return;
}
if (args.Length > 0 && args[0] == "remote-pull")
{
    // remote-pull [FRAMES] [RUNS]: a fully cached animation pulled from a loopback remote cache vs a local no-op
    RemotePullBench.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3);
    return;
}
if (args.Length > 0 && args[0] == "clip-parts")
{
    // where one CLIP step's time goes: each part alone at the step's shapes
    ClipParts.Run();
    return;
}
if (args.Length > 0 && args[0] == "clip-step")
{
    var (median, loss) = ClipStep.Measure(3);
    var reference = args.Length > 1 ? JsonSerializer.Deserialize<Dictionary<string, double>>(File.ReadAllText(args[1])) : null;
    Console.WriteLine($"CLIP step (ViT-B/32, 40 cutouts 224x224 from 512x512, fwd+bwd to the image), {Workloads.Threads} threads; median of 3");
    Console.WriteLine($"{"ours",10} {"PyTorch eager",14} {"ratio",8}");
    var theirs = reference?.GetValueOrDefault("ClipStep");
    Console.WriteLine($"{median,9:F2}s {(theirs is { } t ? $"{t:F2}s" : "-"),14} {(theirs is > 0 ? (median / theirs.Value).ToString("F2", CultureInfo.InvariantCulture) : "-"),8}");
    Console.WriteLine($"loss {loss:R}");
    var (gflop, rate) = (GemmFloor.StepGflop(), GemmFloor.MeasuredGflops());
    Console.WriteLine($"GEMM floor: {gflop:F0} GFLOP at {rate:F0} GFLOP/s = {gflop / rate:F2}s; step / floor = {median / (gflop / rate):F2}");
    Console.WriteLine($"CPU vector width: {(System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? "AVX-512" : System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? "AVX2" : "SSE")}");
    return;
}

// Runs the workloads with BenchmarkDotNet (in process, short job) and prints one table with the
// medians and, when PyTorch eager's results of the same run are given, the ratio ours / PyTorch.
var job = Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(2).WithIterationCount(7);
var config = ManualConfig.CreateEmpty().AddJob(job).AddColumnProvider(DefaultConfig.Instance.GetColumnProviders().ToArray())
    .AddLogger(BenchmarkDotNet.Loggers.NullLogger.Instance).WithOptions(ConfigOptions.DisableLogFile);
var summary = BenchmarkRunner.Run<BridgeBenchmarks>(config);

var ours = summary.Reports.ToDictionary(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name, r => r.ResultStatistics!.Median);
Dictionary<string, double>? eager = args.Length > 0 ? JsonSerializer.Deserialize<Dictionary<string, double>>(File.ReadAllText(args[0])) : null;

var gemmFlops = 2.0 * Math.Pow(Workloads.GemmSize, 3);
Console.WriteLine();
Console.WriteLine($"libtorch {LibTorchInfo.Version}, {Workloads.Threads} threads; medians; ratio = ours / PyTorch eager (lower is better)");
Console.WriteLine($"{"workload",-34} {"ours",14} {"PyTorch eager",14} {"ratio",8}");
Row("tiny op (1-element add), per call", "TinyAdd", ns => $"{ns / 1e3:F2} us");
Row("GEMM 1024x1024 f32", "Gemm1024", ns => $"{gemmFlops / ns:F1} GFLOP/s");
Row("CLIP ViT-B block fwd+bwd (50x8x768)", "ClipBlockForwardBackward", ns => $"{ns / 1e6:F1} ms");

void Row(string label, string key, Func<double, string> format)
{
    var mine = ours[key];
    var theirs = eager?.GetValueOrDefault(key);
    var ratio = theirs is > 0 ? (mine / theirs.Value).ToString("F2", CultureInfo.InvariantCulture) : "-";
    Console.WriteLine($"{label,-34} {format(mine),14} {(theirs is { } t ? format(t) : "-"),14} {ratio,8}");
}
