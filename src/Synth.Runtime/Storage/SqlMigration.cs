using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace Synth.Runtime.Storage;

/// <summary>One versioned SQL file of a provider, embedded from <c>Storage/{Provider}/Migrations/</c> and named <c>NNNN-name.sql</c>.</summary>
internal sealed record SqlMigration(int Version, string Name, string Sql, string Checksum)
{
    /// <summary>Every migration embedded under the namespace of <paramref name="provider"/> + ".Migrations", in version order.</summary>
    public static IReadOnlyList<SqlMigration> For(Type provider)
    {
        var prefix = provider.Namespace + ".Migrations.";
        var assembly = typeof(SqlMigration).Assembly;
        var migrations = new List<SqlMigration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(prefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal)) continue;
            var name = resource[prefix.Length..^".sql".Length];
            var dash = name.IndexOf('-', StringComparison.Ordinal);
            if (dash <= 0 || !int.TryParse(name.AsSpan(0, dash), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version))
            {
                throw new InvalidOperationException($"Migration '{resource}' is not named NNNN-name.sql.");
            }
            var sql = Read(assembly, resource);
            migrations.Add(new SqlMigration(version, name, sql, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)))));
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
