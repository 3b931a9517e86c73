namespace Pytti.Scenes.Expressions;

/// <summary>
/// The variables an expression may use: always <c>t</c>; each audio band and its <c>_prev</c>;
/// <c>r R mu</c> only in the 3D motion expressions.
/// </summary>
public sealed record ExpressionScope(IReadOnlySet<string> Variables)
{
    public static readonly IReadOnlyList<string> DepthVariables = ["r", "R", "mu"];

    public static ExpressionScope TimeOnly { get; } = new(new HashSet<string>(StringComparer.Ordinal) { "t" });

    public static ExpressionScope For(IEnumerable<string> audioBands, bool depthVariables = false)
    {
        var names = new HashSet<string>(StringComparer.Ordinal) { "t" };
        foreach (var band in audioBands)
        {
            names.Add(band);
            names.Add(band + "_prev");
        }
        if (depthVariables)
            names.UnionWith(DepthVariables);
        return new ExpressionScope(names);
    }

    public bool Contains(string name) => Variables.Contains(name);
}
