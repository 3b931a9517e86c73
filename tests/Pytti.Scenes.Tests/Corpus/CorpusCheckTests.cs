using Pytti.Scenes.Explain;

namespace Pytti.Scenes.Tests.Corpus;

/// <summary>
/// The acceptance test of issue 13: every file of the peer corpus passes <c>pytti check</c>, except the
/// ones PyTTI itself rejects or ignores by mistake, each listed here with its reason.
/// </summary>
public class CorpusCheckTests
{
    /// <summary>Files PyTTI refuses too (or would silently misread), with why, and the error we give instead.</summary>
    public static readonly IReadOnlyDictionary<string, (string Reason, string Code)> Excluded = new Dictionary<string, (string Reason, string Code)>(StringComparer.Ordinal)
    {
        ["book/crashcourse_perceptor_RN50.pytti.yaml"] = ("a pytti-book config-group option (`# @package _global_`, no scenes): PyTTI composes it with a conf that sets scenes; alone PyTTI stops with MissingMandatoryValue (composed: book/compose_crashcourse_rn50.pytti.yaml passes): PYTTI012", "PYTTI012"),
        ["book/crashcourse_perceptor_RN101.pytti.yaml"] = ("a pytti-book config-group option (`# @package _global_`, no scenes): PyTTI composes it with a conf that sets scenes; alone PyTTI stops with MissingMandatoryValue (composed: book/compose_crashcourse_rn50.pytti.yaml passes): PYTTI012", "PYTTI012"),
        ["book/crashcourse_perceptor_RN50x4.pytti.yaml"] = ("a pytti-book config-group option (`# @package _global_`, no scenes): PyTTI composes it with a conf that sets scenes; alone PyTTI stops with MissingMandatoryValue (composed: book/compose_crashcourse_rn50.pytti.yaml passes): PYTTI012", "PYTTI012"),
        ["book/crashcourse_perceptor_RN50x16.pytti.yaml"] = ("a pytti-book config-group option (`# @package _global_`, no scenes): PyTTI composes it with a conf that sets scenes; alone PyTTI stops with MissingMandatoryValue (composed: book/compose_crashcourse_rn50.pytti.yaml passes): PYTTI012", "PYTTI012"),
        ["book/crashcourse_perceptor_RN50x64.pytti.yaml"] = ("a pytti-book config-group option (`# @package _global_`, no scenes): PyTTI composes it with a conf that sets scenes; alone PyTTI stops with MissingMandatoryValue (composed: book/compose_crashcourse_rn50.pytti.yaml passes): PYTTI012", "PYTTI012"),
        ["book/crashcourse_perceptor_ViTB16.pytti.yaml"] = ("a pytti-book config-group option (`# @package _global_`, no scenes): PyTTI composes it with a conf that sets scenes; alone PyTTI stops with MissingMandatoryValue (composed: book/compose_crashcourse_rn50.pytti.yaml passes): PYTTI012", "PYTTI012"),
        ["book/crashcourse_perceptor_ViTB32_RN50.pytti.yaml"] = ("a pytti-book config-group option (`# @package _global_`, no scenes): PyTTI composes it with a conf that sets scenes; alone PyTTI stops with MissingMandatoryValue (composed: book/compose_crashcourse_rn50.pytti.yaml passes): PYTTI012", "PYTTI012"),
        ["book/crashcourse_perceptor_ViTL14.pytti.yaml"] = ("a pytti-book config-group option (`# @package _global_`, no scenes): PyTTI composes it with a conf that sets scenes; alone PyTTI stops with MissingMandatoryValue (composed: book/compose_crashcourse_rn50.pytti.yaml passes): PYTTI012", "PYTTI012"),
        ["book/crashcourse_perceptor_ViTL14_336px.pytti.yaml"] = ("a pytti-book config-group option (`# @package _global_`, no scenes): PyTTI composes it with a conf that sets scenes; alone PyTTI stops with MissingMandatoryValue (composed: book/compose_crashcourse_rn50.pytti.yaml passes): PYTTI012", "PYTTI012"),
        ["book/usage_motion_zoom_in_slow.yaml"] = ("no scenes (MissingMandatoryValue in PyTTI) and Usage.md's misspelt `translate_z_3D`, which PyTTI silently ignores (reference 12.4): PYTTI005 suggests translate_z_3d", "PYTTI005"),
        ["book/usage_motion_zoom_out_spinning.yaml"] = ("no scenes (MissingMandatoryValue in PyTTI) and misspelt `translate_z_3D`/`rotate_2D`, silently ignored by PyTTI: PYTTI005 with suggestions", "PYTTI005"),
        ["book/compose_usage_motion.pytti.yaml"] = ("composes usage_motion_zoom_in_slow.yaml, whose `translate_z_3D` PyTTI silently ignores: PYTTI005 suggests translate_z_3d", "PYTTI005"),
        ["book/usage_experiment1_with_motion.pytti.yaml"] = ("`motion:` is no PyTTI key (the book meant a config group); PyTTI silently ignores it: PYTTI005", "PYTTI005"),
        ["book/settings_audio_literal.pytti.yaml"] = ("not valid YAML (`scenes:'` without a space); PyYAML refuses it too: PYTTI001", "PYTTI001"),
        ["core/hydra/config/default.yaml"] = ("`scenes: ???` with no override: PyTTI stops with MissingMandatoryValue; composed with conf/demo.yaml it passes: PYTTI012", "PYTTI012"),
        ["core/assets_default.pytti.yaml"] = ("a copy of default.yaml: `scenes: ???` unset, MissingMandatoryValue in PyTTI: PYTTI012", "PYTTI012"),
        ["core/tests_default.pytti.yaml"] = ("a copy of the tests' default.yaml: `scenes: ???` unset, MissingMandatoryValue in PyTTI: PYTTI012", "PYTTI012"),
        ["core/tests_confempty.pytti.yaml"] = ("the empty conf: with default.yaml's `scenes: ???` PyTTI stops with MissingMandatoryValue: PYTTI012", "PYTTI012"),
        ["core/test_new_bug_2022_04_01.pytti.yaml"] = ("PyTTI's own regression test for `image_model: Unrestricted Palette`, which it asserts against: PYTTI011", "PYTTI011"),
        ["core/tests_conf_invalid_animation.pytti.yaml"] = ("the test-suite's invalid case `animation_mode: 1D` (the schema rejects it; workhorse would silently not animate): PYTTI011", "PYTTI011"),
        ["core/test_loss_refactoring_direct_init.pytti.yaml"] = ("misspelt `semantic_iniit_weight`, silently ignored by PyTTI: PYTTI005 suggests semantic_init_weight", "PYTTI005"),
        ["notebook/colab_notebook_defaults.pytti.yaml"] = ("`scenes: ''` has no scene: PyTTI runs no step and writes nothing: PYTTI015", "PYTTI015"),
        ["notebook/ezmode_sflickr.pytti.yaml"] = ("`vqgan_model: sflickr` with VQGAN: PyTTI raises ValueError (the name is `sflckr`): PYTTI016 suggests it", "PYTTI016"),
        ["min/vqgan_sflickr.pytti.yaml"] = ("`vqgan_model: sflickr` with VQGAN: ValueError in PyTTI: PYTTI016 suggests sflckr", "PYTTI016"),
        ["min/audio_wide.pytti.yaml"] = ("band 5000..25000 Hz beyond Nyquist: scipy's butter raises ValueError in PyTTI: PYTTI010", "PYTTI010"),
        ["min/expr_intcall.pytti.yaml"] = ("`int(t)`: PyTTI's eval disables builtins, NameError: PYTTI031", "PYTTI031"),
        ["min/expr_unicode_minus.pytti.yaml"] = ("U+2212 minus sign: Python's SyntaxError: PYTTI030", "PYTTI030"),
        ["min/expr_lambda.pytti.yaml"] = ("a lambda: Python evaluates it, our safe evaluator defines no functions (a deliberate limit): PYTTI030", "PYTTI030"),
        ["min/backups_all.pytti.yaml"] = ("`backups: all` only means something in the notebook (which defines all = inf); the CLI compares a string with 0 and fails; write .inf: PYTTI009", "PYTTI009"),
        ["min/seed_over_u64.pytti.yaml"] = ("seed 2^64: torch.manual_seed raises RuntimeError (range [-2^63, 2^64-1]): PYTTI009", "PYTTI009"),
        ["min/animation_None.pytti.yaml"] = ("`animation_mode: null` is neither off nor a mode; PyTTI would run frame-boundary bookkeeping without animating (reference 1.4.6): PYTTI011", "PYTTI011"),
    };

    public static TheoryData<string> Accepted() => new(PeerConfigs.All().Where(f => !Excluded.ContainsKey(f)));

    public static TheoryData<string> Refused() => new(Excluded.Keys);

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Check_accepts(string file)
    {
        var check = SceneCheck.Run(PeerConfigs.PathOf(file), new SceneLoadOptions { WorkingDirectory = PeerConfigs.Root });
        Assert.True(check.Success, string.Join("\n", check.Diagnostics));
    }

    /// <summary>Each excluded file is refused with the error code its reason names, and no other.</summary>
    [Theory]
    [MemberData(nameof(Refused))]
    public void Check_refuses_with_the_listed_code(string file)
    {
        var check = SceneCheck.Run(PeerConfigs.PathOf(file), new SceneLoadOptions { WorkingDirectory = PeerConfigs.Root });
        var code = Excluded[file].Code;
        Assert.False(check.Success);
        Assert.Contains(check.Diagnostics, d => d.Code == code);
    }

    [Fact]
    public void Every_excluded_file_exists()
    {
        var all = PeerConfigs.All().ToHashSet(StringComparer.Ordinal);
        Assert.All(Excluded.Keys, f => Assert.Contains(f, all));
    }
}
