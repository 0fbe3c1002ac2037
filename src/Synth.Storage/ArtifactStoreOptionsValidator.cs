using Microsoft.Extensions.Options;

namespace Synth.Storage;

/// <summary>
/// Checks <see cref="ArtifactStoreOptions"/> when the host starts (not at the first upload), naming
/// each wrong setting by its configuration key. Messages never contain a key, password or
/// connection string: only setting names and non-secret values such as a container name.
/// </summary>
public sealed class ArtifactStoreOptionsValidator : IValidateOptions<ArtifactStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, ArtifactStoreOptions options)
    {
        var problems = ArtifactStores.Validate(options);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
