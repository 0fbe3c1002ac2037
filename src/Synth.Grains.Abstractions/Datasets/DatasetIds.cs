using System.Security.Cryptography;

namespace Synth.Grains.Datasets;

/// <summary>Dataset ids: "d" + 20 hex digits.</summary>
public static class DatasetIds
{
    public static string New() => "d" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));

    public static bool IsValid(string id) =>
        id.Length == 21 && id[0] == 'd' && !id.AsSpan(1).ContainsAnyExcept("0123456789abcdef");

    /// <summary>Where a dataset's CSV is kept in the artifact store.</summary>
    public static string DataKey(string id) => $"datasets/{id}/data.csv";
}
