using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Synth.Core.Formats.Text;

/// <summary>
/// The text <c>yyyy-MM-dd</c> of recently written days, by day number. A column's dates repeat (a
/// few thousand days over millions of rows), and the calendar arithmetic of a day (a dozen divisions)
/// costs more than the rest of a timestamp cell; copying ten cached bytes costs almost nothing.
/// Direct-mapped: a day has one slot, which the last day to use it holds. One per thread
/// (<see cref="OfThread"/>): a day's text is the same in every column, so a thread's columns share
/// it, and it is never shared between threads. (One per column writer took 96 KB a writer: 10,000
/// streams on a silo, a writer each, held 1 GB of it.)
/// </summary>
internal sealed class CivilDateCache
{
    private const int Slots = 4096; // a power of two; 11 years of consecutive days

    [ThreadStatic]
    private static CivilDateCache? t_current;

    /// <summary>This thread's cache; a column writer takes it when it is bound to a batch, which it then writes on the same thread.</summary>
    public static CivilDateCache OfThread => t_current ??= new CivilDateCache();

    private readonly Entry[] _entries = new Entry[Slots];

    public CivilDateCache()
    {
        for (var i = 0; i < _entries.Length; i++)
        {
            _entries[i].Day = long.MinValue;
        }
    }

    /// <summary>Writes <c>yyyy-MM-dd</c> for a count of days since 1970-01-01, as <see cref="Utf8ValueWriter.WriteDate"/> does.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Write(long days, Span<byte> destination)
    {
        ref var entry = ref _entries[(int)days & (Slots - 1)];
        if (entry.Day == days && destination.Length >= 10)
        {
            ref var output = ref MemoryMarshal.GetReference(destination);
            Unsafe.WriteUnaligned(ref output, entry.Head);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref output, 8), entry.Tail);
            return 10;
        }
        return Miss(ref entry, days, destination);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Miss(ref Entry entry, long days, Span<byte> destination)
    {
        var length = Utf8ValueWriter.WriteCivilDate(days, destination);
        if (length == 10) // years 0000-9999; others are rare enough to compute each time
        {
            entry.Head = Unsafe.ReadUnaligned<ulong>(ref MemoryMarshal.GetReference(destination));
            entry.Tail = Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref MemoryMarshal.GetReference(destination), 8));
            entry.Day = days;
        }
        return length;
    }

    private struct Entry
    {
        public long Day;
        public ulong Head; // "yyyy-MM-"
        public ushort Tail; // "dd"
    }
}
