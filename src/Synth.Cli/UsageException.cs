namespace Synth.Cli;

/// <summary>Bad input from the user; each line is printed as one problem and the exit code is 2.</summary>
public sealed class UsageException(IReadOnlyList<string> problems) : Exception(string.Join(Environment.NewLine, problems))
{
    public UsageException(string problem) : this([problem])
    {
    }

    public IReadOnlyList<string> Problems { get; } = problems;
}
