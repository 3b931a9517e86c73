using Pytti.Scenes.Schema;

namespace Pytti.Scenes.Tests.Schema;

/// <summary>The typed record mirrors the schema table.</summary>
public class TypedSettingsTests
{
    [Fact]
    public void One_typed_property_per_parameter() =>
        Assert.Equal(ParameterSchema.All.Count, typeof(PyttiSettings).GetProperties().Count(p => p.CanWrite));
}
