using System.Text;
using Pytti.Torch.Serialization;

namespace Pytti.Torch.Tests.Serialization;

/// <summary>
/// Module objects become state-dict keys without being instantiated: TorchScript modules by their
/// attributes (filtered by the parameters and buffers their code declares), whole pickled nn.Modules
/// by <c>_parameters</c>, <c>_buffers</c> and <c>_modules</c>.
/// </summary>
public sealed class ModuleObjectTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly Dictionary<string, byte[]> Storages = new() { ["0"] = new byte[16] };

    private static PickleBuilder Tensor(PickleBuilder pickle, long offset) =>
        pickle.Tensor("FloatStorage", "0", 4, offset, [1], [1]);

    // Net(weight, cache, training, sub=Sub(bias))
    private static byte[] ScriptedNet()
    {
        var pickle = new PickleBuilder().Global("__torch__", "Net").Op(')').Raw(0x81).Op('}').Mark();
        Tensor(pickle.Str("weight"), 0);
        Tensor(pickle.Str("cache"), 1);
        pickle.Str("training").Raw(0x89);
        pickle.Str("sub").Global("__torch__", "Sub").Op(')').Raw(0x81).Op('}');
        Tensor(pickle.Str("bias"), 2).Op('s').Op('b');
        return pickle.Op('u').Op('b').Stop();
    }

    private const string NetCode = "class Net(Module):\n  __parameters__ = [\"weight\", ]\n  __buffers__ = []\n  weight : Tensor\n  cache : Tensor\n";

    [Fact]
    public void TorchScriptAttributesOutsideTheDeclaredParametersAndBuffersAreLeftOut()
    {
        string path = _dir.File("scripted.pt");
        TorchZipBuilder.Write(path, ScriptedNet(), Storages, otherEntries: new Dictionary<string, byte[]>
        {
            ["code/__torch__.py"] = Encoding.UTF8.GetBytes(NetCode),
            ["constants.pkl"] = new PickleBuilder().Op(')').Stop(),
        });

        var dict = WeightFile.Load(path);

        Assert.Equal(WeightFormat.TorchScript, dict.Format);
        Assert.Equal(["weight", "sub.bias"], dict.Keys);
    }

    [Fact]
    public void PickledNnModuleIsWalkedThroughItsParametersBuffersAndChildren()
    {
        var pickle = new PickleBuilder().Global("mymodels", "Net").Op(')').Raw(0x81).Op('}').Mark();
        pickle.Str("_parameters").Global("collections", "OrderedDict").Op(')').Op('R');
        Tensor(pickle.Str("weight"), 0).Op('s');
        pickle.Str("_buffers").Op('}').Str("running_mean");
        Tensor(pickle, 1).Op('s');
        pickle.Str("_modules").Op('}').Str("head").Global("torch.nn.modules.linear", "Linear").Op(')').Raw(0x81).Op('}');
        pickle.Str("_parameters").Op('}').Str("bias");
        Tensor(pickle, 2).Op('s').Op('s').Str("_modules").Op('}').Op('s').Op('b').Op('s');
        string path = _dir.File("model.pt");
        TorchZipBuilder.Write(path, pickle.Op('u').Op('b').Stop(), Storages);

        var dict = WeightFile.Load(path);

        Assert.Equal(WeightFormat.TorchZip, dict.Format);
        Assert.Equal(["weight", "running_mean", "head.bias"], dict.Keys);
    }
}
