using Pytti.Cli;

return PyttiApp.Run(args, CliEnvironment.System());
