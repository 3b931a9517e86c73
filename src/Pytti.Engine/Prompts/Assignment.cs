namespace Pytti.Engine.Prompts;

/// <summary>Minimum-cost perfect matching of two equally sized point sets (Hungarian algorithm, O(n³)).</summary>
public static class Assignment
{
    /// <summary>For each point of <paramref name="a"/>, the index of its partner in <paramref name="b"/>, minimising total Euclidean distance.</summary>
    public static int[] Match((double X, double Y)[] a, (double X, double Y)[] b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"cannot match {a.Length} stored cutouts with {b.Length} current ones");
        var n = a.Length;
        var cost = new double[n, n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
                cost[i, j] = Math.Sqrt(Math.Pow(a[i].X - b[j].X, 2) + Math.Pow(a[i].Y - b[j].Y, 2));
        return Solve(cost);
    }

    /// <summary>Row → column assignment of minimum total cost for a square matrix.</summary>
    public static int[] Solve(double[,] cost)
    {
        var n = cost.GetLength(0);
        var u = new double[n + 1];
        var v = new double[n + 1];
        var match = new int[n + 1];     // column -> row (1-based), 0 = free
        var way = new int[n + 1];
        for (var row = 1; row <= n; row++)
        {
            match[0] = row;
            var col0 = 0;
            var minv = Enumerable.Repeat(double.PositiveInfinity, n + 1).ToArray();
            var used = new bool[n + 1];
            do
            {
                used[col0] = true;
                var r = match[col0];
                var delta = double.PositiveInfinity;
                var col1 = 0;
                for (var j = 1; j <= n; j++)
                {
                    if (used[j]) continue;
                    var cur = cost[r - 1, j - 1] - u[r] - v[j];
                    if (cur < minv[j]) { minv[j] = cur; way[j] = col0; }
                    if (minv[j] < delta) { delta = minv[j]; col1 = j; }
                }
                for (var j = 0; j <= n; j++)
                {
                    if (used[j]) { u[match[j]] += delta; v[j] -= delta; }
                    else minv[j] -= delta;
                }
                col0 = col1;
            } while (match[col0] != 0);
            do
            {
                var col1 = way[col0];
                match[col0] = match[col1];
                col0 = col1;
            } while (col0 != 0);
        }
        var result = new int[n];
        for (var j = 1; j <= n; j++) result[match[j] - 1] = j - 1;
        return result;
    }
}
