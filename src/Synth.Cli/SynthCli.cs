using System.CommandLine;
using Synth.Cli.Commands;
using Synth.Core.Schema;

namespace Synth.Cli;

/// <summary>The <c>synth</c> command tree and the one place where errors become exit codes.</summary>
public static class SynthCli
{
    public static int Run(string[] args)
    {
        var root = new RootCommand("Synth: realistic synthetic data from a schema, fast and deterministic.")
        {
            SchemaCommands.Create(),
            RunCommand.Create(),
            SiloCommand.Create(),
            JobsCommand.Create(),
            KeysCommand.Create(),
            StreamsCommand.Create(),
            ServeCommand.Create(),
            ApiCommand.Create(),
            ProfileCommand.Create(),
            FitCommand.Create(),
            SampleCommand.Create(),
            EvaluateCommand.Create(),
            DbCommand.Create(),
            HealthCommand.Create(),
        };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors) Console.Error.WriteLine($"error: {error.Message}");
            Console.Error.WriteLine("Run 'synth --help' for usage.");
            return ExitCodes.BadInput;
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                // Ctrl-C / SIGTERM cancel the command's token; servers and silos then shut down
                // gracefully (hand grains back, finish the response), which can take more than
                // System.CommandLine's default 2 s before it ends the process with exit code 143.
                ProcessTerminationTimeout = TimeSpan.FromSeconds(30),
            });
        }
        catch (SchemaException e)
        {
            foreach (var error in e.Errors) Console.Error.WriteLine($"error: {error}");
            return ExitCodes.BadInput;
        }
        catch (UsageException e)
        {
            foreach (var problem in e.Problems) Console.Error.WriteLine($"error: {problem}");
            return ExitCodes.BadInput;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("cancelled; no output was written");
            return ExitCodes.Failed;
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Failed;
        }
        catch (Synth.Cli.Remote.ServerException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Failed;
        }
    }
}
