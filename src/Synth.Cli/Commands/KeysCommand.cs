using System.CommandLine;
using System.Globalization;
using Synth.Cli.Remote;
using Synth.Grains.Access;

namespace Synth.Cli.Commands;

/// <summary>
/// <c>synth keys create|list|revoke</c>: API keys of a server (an admin's key in SYNTH_API_KEY, or a
/// server with --auth none on loopback, which is how the first admin key is made).
/// </summary>
public static class KeysCommand
{
    public static Command Create() =>
        new("keys", "Create, list and revoke the API keys of a Synth server (needs an admin: SYNTH_API_KEY, or a server with --auth none)")
        {
            RemoteServer.Option, CreateKey(), List(), Revoke(),
        };

    private static Command CreateKey()
    {
        var name = new Option<string>("--name") { Description = "A label for the key", Required = true };
        var role = new Option<string>("--role") { Description = "admin (sees and manages everything) or user (only what it creates)", Required = true };
        role.AcceptOnlyFromAmong(SynthRoles.Admin, SynthRoles.User);
        var user = new Option<string?>("--user") { Description = "The user the key acts as, owner of what it creates (default: the name)" };
        var command = new Command("create", "Create a key; prints its secret on standard output, this once (the server keeps only its hash)") { name, role, user };
        command.SetAction((r, ct) => RemoteServer.WithClient(r, async client =>
        {
            var created = await client.CreateKeyAsync(r.GetValue(name)!, r.GetValue(role)!, r.GetValue(user), ct);
            Console.Out.WriteLine(created.Secret);
            Console.Error.WriteLine($"key {created.Key.Id} ({created.Key.Role}, user {created.Key.User}) created; its secret above is shown only this once");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "List the keys (never their secrets), revoked ones too");
        command.SetAction((r, ct) => RemoteServer.WithClient(r, async client =>
        {
            var keys = (await client.ListKeysAsync(ct)).Keys;
            Console.WriteLine($"{"ID",-22} {"NAME",-20} {"ROLE",-6} {"USER",-20} {"CREATED",-20} REVOKED");
            foreach (var k in keys)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{k.Id,-22} {k.Name,-20} {k.Role,-6} {k.User,-20} {k.CreatedAt.UtcDateTime,-20:yyyy-MM-dd HH:mm:ss} {(k.RevokedAt is { } at ? at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "-")}"));
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Revoke()
    {
        var id = new Argument<string>("id") { Description = "The key's id (k…), as `synth keys list` shows it" };
        var command = new Command("revoke", "Revoke a key for good: requests with it get 401 at once") { id };
        command.SetAction((r, ct) => RemoteServer.WithClient(r, async client =>
        {
            var key = r.GetValue(id)!;
            if (!ApiKeySecret.IsValidId(key)) throw new UsageException($"id: '{key}' is not a key id ('k' and 20 lowercase hex digits)");
            await client.RevokeKeyAsync(key, ct);
            Console.Error.WriteLine($"key {key} revoked");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
