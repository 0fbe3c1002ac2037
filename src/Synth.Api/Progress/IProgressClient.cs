namespace Synth.Api.Progress;

/// <summary>What the progress hub calls on its clients (JavaScript: <c>connection.on("progress", m => …)</c>).</summary>
public interface IProgressClient
{
    /// <summary>One event of a joined job's progress stream; per job, sequences arrive in order with no gaps or repeats.</summary>
    Task Progress(ProgressMessage message);
}
