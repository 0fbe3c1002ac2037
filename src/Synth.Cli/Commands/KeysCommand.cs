using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Synth.Cli.Remote;
using Synth.Silo.Hosting;
using Synth.Grains.Access;

namespace Synth.Cli.Commands;

/// <summary>
/// <c>synth keys create|list|revoke</c>: API keys of a server (an admin's key in SYNTH_API_KEY, or a
/// server with --auth none on loopback, which is how the first admin key is made).
/// </summary>
public static class KeysCommand
{
    private static readonly Option<string?> ServerOption = ServerConnection.CreateOption();

    public static Command Create() =>
        new("keys", "Create, list and revoke the API keys of a Synth server (needs an admin: SYNTH_API_KEY, or a server with --auth none)")
        {
            ServerOption, CreateKey(), List(), Revoke(),
        };

    private static Command CreateKey()
    {
        var name = new Option<string>("--name") { Description = "A label for the key", Required = true };
        var role = new Option<string>("--role") { Description = "admin (sees and manages everything) or user (only what it creates)", Required = true };
        role.AcceptOnlyFromAmong(SynthRoles.Admin, SynthRoles.User);
        var user = new Option<string?>("--user") { Description = "The user the key acts as, owner of what it creates (default: the name)" };
        var postgres = new Option<string?>("--postgres")
        {
            Description = "Create it directly in the cluster whose PostgreSQL this is, as an Orleans client, instead of through a server: "
                + "how the first admin key of a cluster is made (whoever holds the database's password holds everything anyway)",
        };
        var command = new Command("create", "Create a key; prints its secret on standard output, this once (the cluster keeps only its hash)") { name, role, user, postgres };
        command.SetAction(async (r, ct) =>
        {
            var (key, secret) = r.GetValue(postgres) is { } connection
                ? await IssueInClusterAsync(connection, r.GetValue(name), r.GetValue(role), r.GetValue(user), ct)
                : await IssueThroughServerAsync(r, ct);
            Console.Out.WriteLine(secret);
            Console.Error.WriteLine($"key {key.Id} ({key.Role}, user {key.User}) created; its secret above is shown only this once");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<(ApiKeyInfo, string)> IssueThroughServerAsync(ParseResult r, CancellationToken cancellationToken)
    {
        (ApiKeyInfo, string) issued = default;
        await ServerConnection.WithClientAsync(r, ServerOption, async client =>
        {
            var created = await client.CreateKeyAsync(r.GetValue<string>("--name")!, r.GetValue<string>("--role")!, r.GetValue<string?>("--user"), cancellationToken);
            issued = (created.Key, created.Secret);
            return ExitCodes.Ok;
        });
        return issued;
    }

    private static async Task<(ApiKeyInfo, string)> IssueInClusterAsync(string postgres, string? name, string? role, string? user, CancellationToken cancellationToken)
    {
        var database = DbCommand.Parse(postgres); // a bad connection string is the user's to fix (exit 2), before anything connects
        var builder = Host.CreateApplicationBuilder([]);
        builder.Logging.ClearProviders(); // standard output carries the secret alone
        builder.AddSynthClient(postgres);
        using var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One line, never the connection string itself: it may hold a password.
            throw new ServerException($"cannot reach the cluster of database {database.Database} on {database.Host}:{database.Port}: {e.Message.ReplaceLineEndings(" ")}");
        }
        try
        {
            return await ApiKeyIssuer.IssueAsync(host.Services.GetRequiredService<IGrainFactory>(), name, role, user);
        }
        catch (ArgumentException e)
        {
            throw new UsageException([.. e.Message.Split('\n').Select(line => "--" + line)]);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    private static Command List()
    {
        var command = new Command("list", "List the keys (never their secrets), revoked ones too");
        command.SetAction((r, ct) => ServerConnection.WithClientAsync(r, ServerOption, async client =>
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
        command.SetAction((r, ct) => ServerConnection.WithClientAsync(r, ServerOption, async client =>
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
