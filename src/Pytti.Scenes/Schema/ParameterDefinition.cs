namespace Pytti.Scenes.Schema;

/// <summary>One parameter: name, type, default (YAML text; null = required), when it matters, meaning and limits.</summary>
public sealed record ParameterDefinition(string Name, ParameterType Type, string? Default, Relevance Relevance, string Meaning)
{
    public IReadOnlyList<string>? Choices { get; init; }

    public double? Min { get; init; }

    public double? Max { get; init; }

    /// <summary>An Integer held as a 64-bit <c>long</c> (PyTTI's Python ints).</summary>
    public bool Wide { get; init; }

    /// <summary>A Wide period or count where <c>.inf</c> works in PyTTI (never, or all): read as <see cref="long.MaxValue"/>.</summary>
    public bool AcceptsInfinity { get; init; }

    public bool IsRequired => Default is null;

    /// <summary>"a whole number from 1", "one of: a, b" ... for error messages.</summary>
    public string Describe() => Type switch
    {
        ParameterType.Integer => "a whole number" + RangeText(),
        ParameterType.Number => "a number" + RangeText(),
        ParameterType.NullableNumber => "a number" + RangeText() + " or null",
        ParameterType.Boolean => "true or false",
        ParameterType.Choice => "one of: " + string.Join(", ", Choices!.Select(c => $"'{c}'")),
        ParameterType.Seed => "a whole number",
        ParameterType.Device => "'auto', 'cpu', 'cuda', 'cuda:N' or a device index N",
        ParameterType.Perceptors => "a list",
        ParameterType.List => "anything (ignored)",
        ParameterType.AudioFilters => "a list of {variable_name, f_center, f_width, order} mappings",
        ParameterType.FrameExpression or ParameterType.StepExpression => "an expression",
        ParameterType.Path => "a file path or http(s) URL without control characters",
        _ => "text",
    };

    private string RangeText() => (Min, Max) switch
    {
        (null, null) => "",
        ({ } min, null) => $" >= {Expressions.NumberText.Format(min)}",
        (null, { } max) => $" <= {Expressions.NumberText.Format(max)}",
        ({ } min, { } max) => $" from {Expressions.NumberText.Format(min)} to {Expressions.NumberText.Format(max)}",
    };
}
