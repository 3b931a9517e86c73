using System.Diagnostics;

namespace Pytti.Benchmarks;

/// <summary>Wall-clock timing of whole passes for the benchmark modes that are not BenchmarkDotNet's.</summary>
public static class Timing
{
    /// <summary>Median seconds of <paramref name="runs"/> passes, after one warm-up pass unless <paramref name="warmUp"/> is false.</summary>
    public static double Median(int runs, Action pass, bool warmUp = true)
    {
        if (warmUp) pass();
        var seconds = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            pass();
            seconds.Add(clock.Elapsed.TotalSeconds);
        }
        seconds.Sort();
        return seconds[seconds.Count / 2];
    }
}
