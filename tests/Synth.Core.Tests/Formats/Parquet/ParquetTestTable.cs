using Synth.Core.Data;

namespace Synth.Core.Tests.Formats.Parquet;

/// <summary>
/// A generated table with every column type, the awkward values first (extremes, NaN, -0,
/// empty and non-ASCII strings) and seeded random values after them.
/// </summary>
internal sealed class ParquetTestTable
{
    /// <summary>Labels of the category column; includes an empty label and non-ASCII ones.</summary>
    public static readonly string[] CategoryLabels = ["red", "", "Zoë 北京", "🙂 emoji", "green", "blue", "北京"];

    private static readonly string[] AwkwardStrings =
    [
        "", "Zoë 北京", "🙂 emoji", "quote \" backslash \\ newline \n tab \t", "a", "ß", "\u00e9t\u00e9", "ελληνικά",
    ];

    public ParquetTestTable(IReadOnlyList<ParquetTestColumn> columns, int rowCount)
    {
        Columns = columns;
        RowCount = rowCount;
        Layout = new TableLayout(columns.Select(c => c.Info).ToArray());
    }

    public IReadOnlyList<ParquetTestColumn> Columns { get; }

    public int RowCount { get; }

    public TableLayout Layout { get; }

    /// <param name="rows">Row count.</param>
    /// <param name="withNulls">
    /// True: every column but <c>id</c> is nullable with about 10 % nulls, <c>flag</c> is nullable
    /// but never null, and two extra columns are null throughout. False: every column is REQUIRED.
    /// </param>
    /// <param name="highCardinalityText">True: <c>text</c> is distinct per row (forces the PLAIN fallback).</param>
    public static ParquetTestTable Create(int rows, bool withNulls, bool highCardinalityText, int seed = 20_26)
    {
        var random = new Random(seed);
        bool[]? Nulls(double rate)
        {
            if (!withNulls)
            {
                return null;
            }
            var nulls = new bool[rows];
            for (var i = 0; i < rows; i++)
            {
                nulls[i] = random.NextDouble() < rate;
            }
            return nulls;
        }

        var ids = new long[rows];
        var longs = new long[rows];
        var doubles = new double[rows];
        var flags = new bool[rows];
        var micros = new long[rows];
        var days = new int[rows];
        var guids = new Guid[rows];
        var words = new string[rows];
        var texts = new string[rows];
        var codes = new int[rows];

        long[] awkwardLongs = [long.MinValue, long.MaxValue, 0, -1, 1];
        double[] awkwardDoubles =
        [
            double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, 0.0, double.Epsilon,
            double.MaxValue, double.MinValue, 0.1, -123.456,
        ];
        long[] awkwardMicros = [0, -1, -62_135_596_800_000_000, 253_402_300_799_999_999, 1_700_000_000_123_456];
        int[] awkwardDays = [0, -1, -719_162, 2_932_896, 19_000];
        Guid[] awkwardGuids = [Guid.Empty, Guid.AllBitsSet, Guid.Parse("00112233-4455-6677-8899-aabbccddeeff")];

        var wordPool = AwkwardStrings.Concat(Enumerable.Range(0, 150).Select(i => $"word-{i} ünïcödé")).ToArray();
        var guidBytes = new byte[16];
        for (var row = 0; row < rows; row++)
        {
            ids[row] = row;
            longs[row] = row < awkwardLongs.Length ? awkwardLongs[row] : random.NextInt64(long.MinValue, long.MaxValue);
            doubles[row] = row < awkwardDoubles.Length ? awkwardDoubles[row] : Math.Round((random.NextDouble() - 0.5) * 1e6, random.Next(0, 8));
            flags[row] = random.Next(2) == 1;
            micros[row] = row < awkwardMicros.Length ? awkwardMicros[row] : random.NextInt64(631_152_000_000_000, 2_208_988_800_000_000);
            days[row] = row < awkwardDays.Length ? awkwardDays[row] : random.Next(-25_567, 47_482);
            if (row < awkwardGuids.Length)
            {
                guids[row] = awkwardGuids[row];
            }
            else
            {
                random.NextBytes(guidBytes);
                guids[row] = new Guid(guidBytes);
            }
            words[row] = wordPool[row < wordPool.Length ? row : random.Next(wordPool.Length)];
            texts[row] = highCardinalityText ? UniqueText(row, random) : words[row];
            codes[row] = random.Next(CategoryLabels.Length);
        }

        var columns = new List<ParquetTestColumn>
        {
            ParquetTestColumn.Int64("id", null, ids),
            ParquetTestColumn.Int64("amount", Nulls(0.1), longs),
            ParquetTestColumn.Float64("score", Nulls(0.1), doubles),
            ParquetTestColumn.Boolean("flag", Nulls(0), flags),
            ParquetTestColumn.Timestamp("created_at", Nulls(0.1), micros),
            ParquetTestColumn.Date("birthday", Nulls(0.1), days),
            ParquetTestColumn.Uuid("uuid", Nulls(0.1), guids),
            ParquetTestColumn.String("word", Nulls(0.1), words),
            ParquetTestColumn.String("text", Nulls(0.1), texts),
            ParquetTestColumn.Category("colour", Nulls(0.1), CategoryLabels, codes),
        };
        if (withNulls)
        {
            columns.Add(ParquetTestColumn.String("never_text", Nulls(1.1), texts));
            columns.Add(ParquetTestColumn.Category("never_colour", Nulls(1.1), CategoryLabels, codes));
        }
        return new ParquetTestTable(columns, rows);
    }

    public int ColumnIndex(string name) => Columns.Select((c, i) => (c, i)).Single(x => x.c.Info.Name == name).i;

    /// <summary>Copies rows <paramref name="first"/> .. first+count-1 into <paramref name="batch"/>.</summary>
    public void Fill(RowBatch batch, long first, int count)
    {
        batch.FirstRow = first;
        batch.Count = count;
        for (var c = 0; c < Columns.Count; c++)
        {
            Columns[c].Fill(batch.Columns[c], first, count);
        }
    }

    private static string UniqueText(int row, Random random)
    {
        if (row < AwkwardStrings.Length)
        {
            return AwkwardStrings[row];
        }
        // Every 97th value is long so that PLAIN pages split on bytes, not just on rows.
        return row % 97 == 0
            ? $"long-{row}-" + string.Concat(Enumerable.Repeat("Zoë 北京 ", 200))
            : $"row-{row}-{random.Next():x8}";
    }
}
