namespace Synth.Core.Schema;

/// <summary>The kinds of field a schema can declare; the schema name of each is its snake_case form.</summary>
public enum FieldType
{
    Int,
    Float,
    Bool,
    Category,
    Datetime,
    Date,
    Uuid,
    String,
    Name,
    FirstName,
    LastName,
    Email,
    Phone,
    Street,
    City,
    Country,
    Postcode,
    Company,
    Ip,
    Url,
    Text,

    /// <summary>A foreign key: the key of a row of another table (multi-table schemas only).</summary>
    Ref,
}
