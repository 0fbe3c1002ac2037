namespace Synth.Grains.Schemas;

internal sealed class SchemaGrain([PersistentState("schema", SynthStorage.Name)] IPersistentState<SchemaState> state) : Grain, ISchemaGrain
{
    private string Key => this.GetPrimaryKeyString();

    public async Task<StoredSchema> SaveAsync(string text)
    {
        if (SchemaIds.Of(text) != Key) throw new ArgumentException($"schema {Key} is the hash of its text; this text hashes to {SchemaIds.Of(text)}");
        if (state.State.Text is null)
        {
            state.State = new SchemaState { Text = text, CreatedAt = DateTimeOffset.UtcNow };
            await state.WriteStateAsync();
        }
        return new StoredSchema(Key, state.State.Text, state.State.CreatedAt);
    }

    public Task<StoredSchema?> GetAsync() =>
        Task.FromResult(state.State.Text is null ? null : new StoredSchema(Key, state.State.Text, state.State.CreatedAt));
}
