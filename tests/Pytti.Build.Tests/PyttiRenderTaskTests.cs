using Microsoft.Build.Framework;

namespace Pytti.Build.Tests;

/// <summary>The task run in process against small shell scripts that print what pytti would.</summary>
public sealed class PyttiRenderTaskTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pytti-task-").FullName;
    private readonly FakeBuildEngine _engine = new();
    private readonly string _scene;

    public PyttiRenderTaskTests()
    {
        _scene = Path.Combine(_dir, "a.pytti.yaml");
        File.WriteAllText(_scene, "scenes: a\n");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Out => Path.Combine(_dir, "out");
    private string Stamp => Path.Combine(_dir, "obj", "a.stamp");

    /// <summary>A fake pytti: a shell script with the given body; "$@" are the render arguments.</summary>
    private string Tool(string body)
    {
        var path = Path.Combine(_dir, "fake-pytti");
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private PyttiRender Task(string tool) => new()
    {
        BuildEngine = _engine,
        Scene = new Microsoft.Build.Utilities.TaskItem(_scene),
        Tool = tool,
        OutputDirectory = Out,
        StampFile = Stamp,
        Overrides = ["allow_overwrite=true", " ", "width=16"],
        ProjectFile = "/content/Content.csproj",
    };

    private const string GoodRender = """
        mkdir -p "$OUT"
        echo "$@" > "$OUT/args.txt"
        for f in a_1.png a_2.png a_losses.jsonl a_losses.png a_manifest.json a.mp4; do echo x > "$OUT/$f"; done
        echo '{"event":"started","scene":"s","steps":2,"output":"'"$OUT"'"}'
        echo '{"event":"step","step":0,"of":2,"scene":0,"loss":1.5}'
        echo '{"event":"image","index":1,"step":0,"path":"'"$OUT"'/a_1.png","sha256":"aa"}'
        echo '{"event":"image","index":2,"step":1,"path":"'"$OUT"'/a_2.png","sha256":"bb"}'
        echo '{"event":"finished","output":"'"$OUT"'","images":2,"rendered":1,"cached":0,"manifest":"'"$OUT"'/a_manifest.json","video":"'"$OUT"'/a.mp4"}'
        """;

    [Fact]
    public void Successful_render_lists_its_files_writes_the_stamp_and_one_summary_line()
    {
        if (OperatingSystem.IsWindows()) return;
        var task = Task(Tool($"OUT='{Out}'\n{GoodRender}"));
        Assert.True(task.Execute());
        Assert.Empty(_engine.Errors);
        var names = task.RenderedFiles.Select(f => Path.GetFileName(f.ItemSpec)).ToArray();
        Assert.Equal(["a_1.png", "a_2.png", "a.mp4", "a_losses.jsonl", "a_losses.png", "a_manifest.json"], names);
        Assert.Equal(["Frame", "Frame", "Video", "LossLog", "LossPlot", "Manifest"], task.RenderedFiles.Select(f => f.GetMetadata("Kind")));
        Assert.All(task.RenderedFiles, f => Assert.Equal(_scene, f.GetMetadata("Scene")));
        Assert.Equal(task.RenderedFiles.Select(f => f.ItemSpec), File.ReadAllLines(Stamp));
        Assert.Contains(_engine.MessagesAt(MessageImportance.High), m => m == $"{_scene}: 1 rendered, 0 cached (2 image(s)) -> {Out}");
        Assert.Equal($"render {_scene} --set allow_overwrite=true --set width=16 --output {Out} --json", File.ReadAllText(Path.Combine(Out, "args.txt")).Trim());
    }

    [Fact]
    public void Frames_restored_from_the_cache_come_from_the_manifest()
    {
        if (OperatingSystem.IsWindows()) return;
        var task = Task(Tool($$"""
            OUT='{{Out}}'
            mkdir -p "$OUT"
            for f in a_5.png a_7.png a_losses.jsonl a_losses.png a_palette.png b_1.png; do echo x > "$OUT/$f"; done
            echo '{"frames":[{"file":"a_5.png","index":5,"sha256":"cc","step":4},{"file":"gone.png","index":6,"sha256":"dd","step":5}]}' > "$OUT/a_manifest.json"
            echo '{"event":"plan","cached":1,"frames":1}'
            echo '{"event":"finished","output":"'"$OUT"'","images":1,"rendered":0,"cached":1,"manifest":"'"$OUT"'/a_manifest.json","video":null}'
            """));
        Assert.True(task.Execute());
        var frame = task.RenderedFiles.First();
        Assert.Equal((Path.Combine(Out, "a_5.png"), "Frame", "5", "4", "cc"),
            (frame.ItemSpec, frame.GetMetadata("Kind"), frame.GetMetadata("FrameIndex"), frame.GetMetadata("Step"), frame.GetMetadata("Sha256")));
        // a_7.png: a numbered frame neither reported nor in the manifest (an older, longer run); b_1.png: another base name.
        Assert.Equal(["a_5.png", "a_losses.jsonl", "a_losses.png", "a_manifest.json", "a_palette.png"], task.RenderedFiles.Select(f => Path.GetFileName(f.ItemSpec)));
        Assert.Equal("Other", task.RenderedFiles[^1].GetMetadata("Kind"));
        Assert.Contains(_engine.MessagesAt(MessageImportance.High), m => m == $"{_scene}: 0 rendered, 1 cached (1 image(s)) -> {Out}");
    }

    [Fact]
    public void Files_listed_by_the_finished_event_are_the_outputs()
    {
        if (OperatingSystem.IsWindows()) return;
        var task = Task(Tool($$"""
            OUT='{{Out}}'
            mkdir -p "$OUT"
            for f in a_1.png a_manifest.json a_contact.png a_extra.png; do echo x > "$OUT/$f"; done
            echo '{"event":"finished","output":"'"$OUT"'","images":1,"rendered":1,"cached":0,"manifest":"'"$OUT"'/a_manifest.json","files":["'"$OUT"'/a_1.png","'"$OUT"'/a_manifest.json","'"$OUT"'/a_contact.png"]}'
            """));
        Assert.True(task.Execute());
        Assert.Equal([("a_1.png", "Frame"), ("a_manifest.json", "Manifest"), ("a_contact.png", "ContactSheet")], task.RenderedFiles.Select(f => (Path.GetFileName(f.ItemSpec), f.GetMetadata("Kind"))));
    }

    [Fact]
    public void Scene_errors_fail_the_task_with_their_locations_and_leave_no_stamp()
    {
        if (OperatingSystem.IsWindows()) return;
        Directory.CreateDirectory(Path.GetDirectoryName(Stamp)!);
        File.WriteAllText(Stamp, "old");
        var task = Task(Tool($"""
            echo '{_scene}(3,8): error PYTTI009: bad width'
            echo '<override>(2,7): error PYTTI009: bad override'
            echo '2 error(s); nothing was rendered.'
            exit 1
            """));
        Assert.False(task.Execute());
        Assert.Equal([("PYTTI009", _scene, 3, 8), ("PYTTI009", "/content/Content.csproj", 0, 0)],
            _engine.Errors.Select(e => (e.Code, e.File, e.LineNumber, e.ColumnNumber)));
        Assert.Contains("'width=16'", _engine.Errors[1].Message);
        Assert.False(File.Exists(Stamp));
        Assert.Empty(task.RenderedFiles);
    }

    [Fact]
    public void Tool_error_on_stderr_is_one_error_with_its_code()
    {
        if (OperatingSystem.IsWindows()) return;
        var task = Task(Tool("echo 'pytti: error PYTTI121: model missing; place it in /m' >&2; exit 1"));
        Assert.False(task.Execute());
        var e = Assert.Single(_engine.Errors);
        Assert.Equal(("PYTTI121", _scene, "model missing; place it in /m"), (e.Code, e.File, e.Message));
    }

    [Fact]
    public void A_multi_line_error_keeps_every_line_of_its_fix_it_text()
    {
        if (OperatingSystem.IsWindows()) return;
        var task = Task(Tool("""
            echo '{"event":"started","scene":"s","steps":1,"output":"/o"}'
            echo "pytti: error PYTTI120: model 'ViTB32' (clip) is not in the model store and cannot be downloaded: offline mode is on." >&2
            echo '  Download it from: https://example.org/ViT-B-32.pt' >&2
            echo '  and place it at:  /m/clip/ViT-B-32.pt' >&2
            echo '  Expected SHA-256: 40d3' >&2
            echo '' >&2
            echo "/c/b.pytti.yaml(2,1): warning PYTTI050: second" >&2
            exit 1
            """));
        Assert.False(task.Execute());
        var e = Assert.Single(_engine.Errors);
        Assert.Equal(("PYTTI120", _scene), (e.Code, e.File));
        Assert.Equal(
            "model 'ViTB32' (clip) is not in the model store and cannot be downloaded: offline mode is on.\n" +
            "  Download it from: https://example.org/ViT-B-32.pt\n  and place it at:  /m/clip/ViT-B-32.pt\n  Expected SHA-256: 40d3", e.Message);
        var w = Assert.Single(_engine.Warnings);
        Assert.Equal(("PYTTI050", "/c/b.pytti.yaml", 2, "second"), (w.Code, w.File, w.LineNumber, w.Message));
    }

    [Fact]
    public void Default_verbosity_shows_when_a_scene_starts_and_how_far_it_is_with_the_time_left()
    {
        if (OperatingSystem.IsWindows()) return;
        var steps = string.Concat(Enumerable.Range(0, 4).Select(i => $$"""echo '{"event":"step","step":{{i}},"of":4,"scene":0,"loss":1.5}'; sleep 0.05""" + "\n"));
        var task = Task(Tool($$"""
            OUT='{{Out}}'
            mkdir -p "$OUT"
            echo '{"event":"started","scene":"s","steps":4,"output":"'"$OUT"'"}'
            {{steps}}echo '{"event":"finished","output":"'"$OUT"'","images":0,"rendered":1,"cached":0,"manifest":null,"video":null}'
            """));
        task.ProgressIntervalSeconds = 0;   // every step, so that the test does not wait
        Assert.True(task.Execute(), string.Join("\n", _engine.Errors.Select(e => e.Message)));
        var shown = _engine.MessagesAt(MessageImportance.High).Where(m => !m.Contains("fake-pytti", StringComparison.Ordinal)).ToList();   // less the command line
        Assert.Equal($"pytti: {_scene}: started, 4 step(s) into {Out}", shown[0]);
        Assert.Equal($"pytti: {_scene}: frame 1, step 1/4, ETA estimating", shown[1]);
        Assert.Matches(@": frame 1, step 2/4, ETA \d+:\d\d$", shown[2]);
        Assert.EndsWith(": frame 1, step 4/4, ETA 0:00", shown[4]);
        Assert.Equal($"{_scene}: 1 rendered, 0 cached (0 image(s)) -> {Out}", shown[^1]);
    }

    [Fact]
    public void Crash_without_an_error_line_reports_the_exit_code_and_the_last_output()
    {
        if (OperatingSystem.IsWindows()) return;
        var task = Task(Tool("echo 'Unhandled exception. System.Exception: boom' >&2; exit 3"));
        Assert.False(task.Execute());
        var e = Assert.Single(_engine.Errors);
        Assert.Equal("PYTTI401", e.Code);
        Assert.Contains("code 3", e.Message);
        Assert.Contains("boom", e.Message);
    }

    [Fact]
    public void A_crash_keeps_its_message_when_a_long_stack_trace_follows()
    {
        if (OperatingSystem.IsWindows()) return;
        var frames = string.Concat(Enumerable.Range(0, 30).Select(i => $"echo '   at Pytti.Frame{i}()' >&2\n"));
        var task = Task(Tool("echo 'Unhandled exception. System.ArgumentException: NaN cannot be written as valid JSON.' >&2\n" + frames + "exit 134"));
        Assert.False(task.Execute());
        var e = Assert.Single(_engine.Errors);
        Assert.Equal(("PYTTI401", _scene), (e.Code, e.File));
        Assert.Equal("pytti crashed (exit code 134) while rendering '" + _scene + "': System.ArgumentException: NaN cannot be written as valid JSON.", e.Message);
    }

    [Fact]
    public void Exit_zero_without_finished_event_is_an_error()
    {
        if (OperatingSystem.IsWindows()) return;
        var task = Task(Tool("echo '{\"event\":\"started\",\"scene\":\"s\",\"steps\":1,\"output\":\"/o\"}'"));
        Assert.False(task.Execute());
        Assert.Equal("PYTTI403", Assert.Single(_engine.Errors).Code);
    }

    [Fact]
    public void Missing_tool_and_missing_scene_are_named()
    {
        var task = Task(Path.Combine(_dir, "no-such-pytti"));
        Assert.False(task.Execute());
        Assert.Equal("PYTTI400", Assert.Single(_engine.Errors).Code);

        _engine.Errors.Clear();
        File.Delete(_scene);
        Assert.False(Task(Tool("exit 0")).Execute());
        var e = Assert.Single(_engine.Errors);
        Assert.Equal(("PYTTI404", "/content/Content.csproj"), (e.Code, e.File));
    }

    [Fact]
    public void Options_reach_the_tool_and_the_build_node_yields_while_it_runs()
    {
        if (OperatingSystem.IsWindows()) return;
        var task = Task(Tool($"OUT='{Out}'\n{GoodRender}"));
        task.CacheDirectory = Path.Combine(_dir, "cache");
        task.ModelsDirectory = "/models";
        task.Offline = true;
        Assert.True(task.Execute());
        Assert.EndsWith($"--models-dir /models --cache {Path.Combine(_dir, "cache")} --offline --json", File.ReadAllText(Path.Combine(Out, "args.txt")).Trim());
        Assert.Equal(1, _engine.Yields);
    }

    [Fact]
    public void Check_outputs_drops_the_stamp_of_a_scene_whose_output_is_gone()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Stamp)!);
        var kept = Path.Combine(_dir, "kept.png");
        File.WriteAllText(kept, "");
        File.WriteAllLines(Stamp, [kept]);
        var check = new PyttiCheckOutputs { BuildEngine = _engine, StampFiles = [new Microsoft.Build.Utilities.TaskItem(Stamp), new Microsoft.Build.Utilities.TaskItem(Path.Combine(_dir, "none.stamp"))] };
        Assert.True(check.Execute());
        Assert.True(File.Exists(Stamp));

        File.Delete(kept);
        Assert.True(check.Execute());
        Assert.False(File.Exists(Stamp));
        Assert.Contains(_engine.MessagesAt(MessageImportance.Normal), m => m.Contains("kept.png is missing"));
    }
}
