namespace Pytti.Scenes.Expressions;

/// <summary>The static type of an expression, checked when it is compiled.</summary>
public enum ValueKind { Number, List }
