namespace Synth.Grains.Access;

/// <summary>
/// Makes an API key: checks the request, draws a secret, records its hash in a new key grain. The
/// one way keys are made, whether through <c>POST /keys</c> or <c>synth keys create --postgres</c>.
/// </summary>
public static class ApiKeyIssuer
{
    public const int MaxLabelLength = 100;

    /// <summary>The key and its secret (returned this once; only its hash is kept).</summary>
    /// <exception cref="ArgumentException">"field: problem" lines, one per bad field (name, role, user).</exception>
    public static async Task<(ApiKeyInfo Key, string Secret)> IssueAsync(IGrainFactory grains, string? name, string? role, string? user)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var problems = new List<string>();
        name = name?.Trim();
        if (string.IsNullOrEmpty(name)) problems.Add("name: is required: a label for the key");
        else if (!IsLabel(name)) problems.Add($"name: must be 1 to {MaxLabelLength} printable characters");
        if (!SynthRoles.IsKnown(role)) problems.Add($"role: must be '{SynthRoles.Admin}' or '{SynthRoles.User}'{(role is null ? "" : $"; got '{role}'")}");
        var owner = user?.Trim() ?? name;
        if (user is not null && !IsLabel(owner!)) problems.Add($"user: must be 1 to {MaxLabelLength} printable characters");
        if (problems.Count > 0) throw new ArgumentException(string.Join('\n', problems));

        var (id, secret) = ApiKeySecret.New();
        var key = await grains.GetGrain<IApiKeyGrain>(id).CreateAsync(new NewApiKey(name!, role!, owner!, ApiKeySecret.Hash(secret)));
        return (key, secret);
    }

    private static bool IsLabel(string text) => text.Length is > 0 and <= MaxLabelLength && !text.Any(char.IsControl);
}
