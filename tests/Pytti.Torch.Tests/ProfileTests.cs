namespace Pytti.Torch.Tests;

public class ProfileTests
{
    [Fact]
    public void A_profile_records_the_operators_run_while_it_is_open_as_a_chrome_trace()
    {
        var path = Path.Combine(Path.GetTempPath(), $"pytti-profile-{Guid.NewGuid():N}.json");
        try
        {
            using (var guard = new LeakGuard())
            using (var scope = LibTorch.NewDisposeScope())
            {
                var a = Tensor.Ones([4, 4]);
                using (LibTorch.Profile(path)) _ = Functional.Softmax(a + a, -1);
                _ = a * a;                                                   // after the profile: not recorded
            }
            var trace = File.ReadAllText(path);
            using var json = System.Text.Json.JsonDocument.Parse(trace);    // a complete JSON document
            Assert.Contains("aten::add", trace);
            Assert.Contains("aten::_softmax", trace);
            Assert.DoesNotContain("aten::mul", trace);
            Assert.Throws<TorchException>(() => { using (LibTorch.Profile(path)) using (LibTorch.Profile(path)) { } });   // one at a time
        }
        finally
        {
            File.Delete(path);
        }
    }
}
