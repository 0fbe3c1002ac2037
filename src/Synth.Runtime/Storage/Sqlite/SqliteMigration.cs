using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace Synth.Runtime.Storage.Sqlite;

/// <summary>One versioned SQL file from <c>Storage/Sqlite/Migrations/</c> (embedded), named <c>NNNN-name.sql</c>.</summary>
internal sealed record SqliteMigration(int Version, string Name, string Sql, string Checksum)
{
    private static readonly string s_prefix = typeof(SqliteMigration).Namespace + ".Migrations.";

    /// <summary>Every embedded migration, in version order.</summary>
    public static IReadOnlyList<SqliteMigration> All { get; } = Load();

    private static SqliteMigration[] Load()
    {
        var assembly = typeof(SqliteMigration).Assembly;
        var migrations = new List<SqliteMigration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(s_prefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal)) continue;
            var fileName = resource[s_prefix.Length..^".sql".Length];
            var dash = fileName.IndexOf('-', StringComparison.Ordinal);
            if (dash <= 0 || !int.TryParse(fileName.AsSpan(0, dash), out var version))
            {
                throw new InvalidOperationException($"Migration '{resource}' is not named NNNN-name.sql.");
            }
            var sql = Read(assembly, resource);
            migrations.Add(new SqliteMigration(version, fileName, sql, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)))));
        }
        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 1; i < migrations.Count; i++)
        {
            if (migrations[i].Version == migrations[i - 1].Version)
            {
                throw new InvalidOperationException($"Migrations '{migrations[i - 1].Name}' and '{migrations[i].Name}' share version {migrations[i].Version}.");
            }
        }
        return [.. migrations];
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
