namespace Synth.Grains.Access;

/// <summary>The two roles: an admin sees and touches everything; a user only what they created.</summary>
public static class SynthRoles
{
    public const string Admin = "admin";
    public const string User = "user";

    public static bool IsKnown(string? role) => role is Admin or User;
}
