using Pytti.Engine.Prompts;

namespace Pytti.Engine.Tests;

public class AssignmentTests
{
    [Fact]
    public void Hungarian_finds_the_minimum_cost_matching_of_brute_force()
    {
        var random = new Random(4);
        for (var trial = 0; trial < 50; trial++)
        {
            var n = random.Next(1, 7);
            var cost = new double[n, n];
            for (var i = 0; i < n; i++)
                for (var j = 0; j < n; j++) cost[i, j] = random.NextDouble();
            var result = Assignment.Solve(cost);
            Assert.Equal(Enumerable.Range(0, n), result.Order());
            Assert.Equal(BruteForce(cost), Enumerable.Range(0, n).Sum(i => cost[i, result[i]]), 10);
        }
    }

    [Fact]
    public void Points_are_matched_to_their_nearest_partners()
    {
        var a = new[] { (0.1, 0.1), (0.9, 0.9), (0.5, 0.5) };
        var b = new[] { (0.88, 0.91), (0.52, 0.49), (0.12, 0.08) };
        Assert.Equal([2, 0, 1], Assignment.Match(a, b));
    }

    private static double BruteForce(double[,] cost)
    {
        var n = cost.GetLength(0);
        var best = double.PositiveInfinity;
        void Recurse(int row, bool[] used, double sum)
        {
            if (row == n) { best = Math.Min(best, sum); return; }
            for (var j = 0; j < n; j++)
            {
                if (used[j]) continue;
                used[j] = true;
                Recurse(row + 1, used, sum + cost[row, j]);
                used[j] = false;
            }
        }
        Recurse(0, new bool[n], 0);
        return best;
    }
}
