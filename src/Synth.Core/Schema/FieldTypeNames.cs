namespace Synth.Core.Schema;

/// <summary>Maps schema spellings to <see cref="FieldType"/>; aliases keep seed and common spellings working.</summary>
public static class FieldTypeNames
{
    private static readonly Dictionary<string, FieldType> ByName = new(StringComparer.Ordinal)
    {
        ["int"] = FieldType.Int,
        ["integer"] = FieldType.Int,
        ["float"] = FieldType.Float,
        ["double"] = FieldType.Float,
        ["number"] = FieldType.Float,
        ["bool"] = FieldType.Bool,
        ["boolean"] = FieldType.Bool,
        ["category"] = FieldType.Category,
        ["categorical"] = FieldType.Category,
        ["datetime"] = FieldType.Datetime,
        ["timestamp"] = FieldType.Datetime,
        ["date"] = FieldType.Date,
        ["uuid"] = FieldType.Uuid,
        ["string"] = FieldType.String,
        ["name"] = FieldType.Name,
        ["first_name"] = FieldType.FirstName,
        ["last_name"] = FieldType.LastName,
        ["email"] = FieldType.Email,
        ["phone"] = FieldType.Phone,
        ["phone_number"] = FieldType.Phone,
        ["street"] = FieldType.Street,
        ["street_address"] = FieldType.Street,
        ["address"] = FieldType.Street,
        ["city"] = FieldType.City,
        ["country"] = FieldType.Country,
        ["postcode"] = FieldType.Postcode,
        ["zipcode"] = FieldType.Postcode,
        ["company"] = FieldType.Company,
        ["ip"] = FieldType.Ip,
        ["ipv4"] = FieldType.Ip,
        ["url"] = FieldType.Url,
        ["text"] = FieldType.Text,
        ["ref"] = FieldType.Ref,
    };

    /// <summary>The canonical names, for error messages and help.</summary>
    public static IReadOnlyList<string> Canonical { get; } =
    [
        "int", "float", "bool", "category", "datetime", "date", "uuid", "string", "name", "first_name",
        "last_name", "email", "phone", "street", "city", "country", "postcode", "company", "ip", "url", "text", "ref",
    ];

    public static bool TryParse(string name, out FieldType type) => ByName.TryGetValue(name, out type);

    public static string ToName(FieldType type) => type switch
    {
        FieldType.FirstName => "first_name",
        FieldType.LastName => "last_name",
        _ => type.ToString().ToLowerInvariant(),
    };
}
