using Synth.Runtime.Grains;

namespace Synth.Grains.Schemas;

internal sealed class SchemaGrain : Grain<SchemaGrain.Stored>, ISchemaGrain
{
    public sealed class Stored
    {
        public string? Text { get; set; }

        public DateTimeOffset CreatedAt { get; set; }
    }

    public async Task<StoredSchema> SaveAsync(string text)
    {
        if (SchemaIds.Of(text) != Key) throw new ArgumentException($"schema {Key} is the hash of its text; this text hashes to {SchemaIds.Of(text)}");
        if (State.Text is null)
        {
            State = new Stored { Text = text, CreatedAt = DateTimeOffset.UtcNow };
            await WriteStateAsync().ConfigureAwait(false);
        }
        return new StoredSchema(Key, State.Text, State.CreatedAt);
    }

    public Task<StoredSchema?> GetAsync() =>
        Task.FromResult(State.Text is null ? null : new StoredSchema(Key, State.Text, State.CreatedAt));
}
