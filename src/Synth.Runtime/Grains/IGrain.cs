namespace Synth.Runtime.Grains;

/// <summary>
/// Marker of a grain interface. Every method returns <see cref="Task"/> or <see cref="Task{T}"/>;
/// arguments and results are serialised as JSON, so they must be plain data.
/// </summary>
public interface IGrain
{
}
