using Synth.Cli;

return SynthCli.Run(args);
