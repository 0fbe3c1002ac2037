namespace Synth.Cli;

/// <summary>Process exit codes, the same for every command.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The run failed for a reason other than the user's input (I/O, cancellation).</summary>
    public const int Failed = 1;

    /// <summary>Bad schema, bad parameter, unknown name: the user's input must change.</summary>
    public const int BadInput = 2;
}
