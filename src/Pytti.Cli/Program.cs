using Pytti.Cli;

var env = CliEnvironment.System();
// An exception on a thread of its own never reaches PyttiApp.Run's guard: report it the same way and exit 1, not abort.
AppDomain.CurrentDomain.UnhandledException += (_, e) =>
    Environment.Exit(ErrorReport.Write(env, e.ExceptionObject as Exception ?? new InvalidOperationException($"{e.ExceptionObject}"), args.Contains(PyttiApp.Verbose.Name)));
return PyttiApp.Run(args, env);
