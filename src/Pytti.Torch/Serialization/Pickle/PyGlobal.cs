namespace Pytti.Torch.Serialization;

/// <summary>
/// A reference to a Python global (<c>GLOBAL module name</c>). It is only a name: the unpickler
/// never imports or calls it unless <see cref="PickleAllowList"/> knows it.
/// </summary>
internal sealed record PyGlobal(string Module, string Name)
{
    public string FullName => Module + "." + Name;

    public override string ToString() => FullName;
}
