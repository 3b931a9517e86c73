using Pytti.Scenes.Diagnostics;
using Pytti.Scenes.Dsl;
using Pytti.Scenes.Expressions;
using Pytti.Scenes.Schema;
using Pytti.Scenes.Yaml;

namespace Pytti.Scenes;

/// <summary>
/// Compiles the expression parameters once. <c>r R mu</c> are offered only to the 3D motion
/// expressions in 3D mode; <c>rotate_3d</c> must be a list of four numbers, the others numbers.
/// </summary>
internal static class ExpressionBinder
{
    private static readonly HashSet<string> DepthAware = ["translate_x", "translate_y", "translate_z_3d", "rotate_3d"];

    public static void Bind(Dictionary<string, object?> values, IReadOnlyDictionary<string, YamlValue> nodes, IEnumerable<string> audio, DiagnosticBag diagnostics, string workingDirectory)
    {
        var bands = audio.ToList();
        var is3D = (string?)values["animation_mode"] == "3D";
        foreach (var definition in ParameterSchema.All.Where(d => d.Type is ParameterType.FrameExpression or ParameterType.StepExpression))
        {
            var scope = ExpressionScope.For(bands, is3D && DepthAware.Contains(definition.Name));
            var context = new DslContext(scope, diagnostics, workingDirectory);
            var source = LocatedText.From(nodes[definition.Name] as YamlScalar ?? new YamlScalar("0", YamlDotNet.Core.ScalarStyle.Plain, nodes[definition.Name].Location));
            var compiled = values[definition.Name] is string ? context.Compile(source, new Field(source.Text, 0), $"'{definition.Name}'") : null;
            if (compiled is not null && !HasExpectedShape(definition.Name, compiled))
            {
                var expected = definition.Name == "rotate_3d" ? "a list of four numbers [w, x, y, z]" : "a number, not a list";
                diagnostics.Add(ErrorCodes.ExpressionType, $"'{definition.Name}' must be {expected}", source.Location);
                compiled = null;
            }
            values[definition.Name] = compiled ?? CompiledExpression.Compile(definition.Name == "rotate_3d" ? "[1, 0, 0, 0]" : "0");
        }
    }

    private static bool HasExpectedShape(string name, CompiledExpression compiled) =>
        name == "rotate_3d" ? compiled.ListLength == 4 : compiled.Kind == ValueKind.Number;
}
