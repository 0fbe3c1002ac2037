using Synth.Core.Data;
using Synth.Core.Generation.Numeric;
using Synth.Core.Generation.Random;
using Synth.Core.Schema;
using System.Runtime.CompilerServices;

namespace Synth.Core.Generation.Fields;

/// <summary>
/// Version-4 UUIDs whose low 62 bits are a keyed permutation of the row index: random-looking,
/// and distinct across all rows of all shards by construction (not just with high probability).
/// </summary>
internal sealed class UuidGenerator : FieldGenerator
{
    private readonly Permutation _rows;

    public UuidGenerator(FieldSpec spec, GenerationContext context) : base(spec, context)
    {
        Column = new ColumnInfo(spec.Name, ColumnType.Uuid, spec.NullRate > 0);
        _rows = new Permutation(1UL << 62, Key ^ 0x5555);
    }

    public override ColumnInfo Column { get; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Fill(RowBatch batch, ColumnVector vector, object? scratch)
    {
        var values = ((UuidVector)vector).Values;
        Span<byte> bytes = stackalloc byte[16];
        for (var i = 0; i < batch.Count; i++)
        {
            var row = batch.FirstRow + i;
            var high = CounterRng.At(Key, row);
            var low = _rows.Permute((ulong)row);
            high = (high & 0xFFFFFFFFFFFF0FFFUL) | 0x0000000000004000UL; // version 4
            low = (low & 0x3FFFFFFFFFFFFFFFUL) | 0x8000000000000000UL; // RFC 4122 variant
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes, high);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], low);
            values[i] = new Guid(bytes, bigEndian: true);
        }
        FillNulls(batch, vector, Spec.NullRate);
    }
}
