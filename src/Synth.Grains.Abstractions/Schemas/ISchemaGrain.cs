namespace Synth.Grains.Schemas;

/// <summary>A stored schema, keyed by its id: the hash of its text, so storing the same text twice gives one schema.</summary>
[Alias("synth.schemas.ISchemaGrain")]
public interface ISchemaGrain : IGrainWithStringKey
{
    /// <summary>Stores the text (already validated by the caller). Idempotent.</summary>
    [Alias("Save")]
    Task<StoredSchema> SaveAsync(string text);

    /// <summary>The schema, or null when none has this id.</summary>
    [Alias("Get")]
    Task<StoredSchema?> GetAsync();
}
