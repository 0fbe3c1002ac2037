using System.Globalization;
using System.Text;
using Synth.Core.Formats.Text;

namespace Synth.Core.Tests.Formats.Text;

public class Utf8ValueWriterTests
{
    [Theory]
    [InlineData(12.5, 2, "12.50")]
    [InlineData(-0.75, 2, "-0.75")]
    [InlineData(0.125, 2, "0.13")]
    [InlineData(-0.125, 2, "-0.13")]
    [InlineData(2.5, 0, "3")]
    [InlineData(-2.5, 0, "-3")]
    [InlineData(-0.004, 2, "0.00")]
    [InlineData(-0.0, 3, "0.000")]
    [InlineData(0.1, 3, "0.100")]
    [InlineData(123.456, 1, "123.5")]
    [InlineData(-123.456, 1, "-123.5")]
    [InlineData(1234567.89, 2, "1234567.89")]
    [InlineData(0.000001, 6, "0.000001")]
    [InlineData(-5e-7, 6, "-0.000001")]
    [InlineData(1e20, 2, "100000000000000000000.00")]
    [InlineData(-1e20, 2, "-100000000000000000000.00")]
    [InlineData(9.2233720368547758e18, 0, "9223372036854775808")]
    public void Fixed_decimals_print_exactly_that_many_digits_rounded_half_away_from_zero(double value, int decimals, string expected) =>
        Write((v, d) => Utf8ValueWriter.WriteFloat64(v, decimals, d), value).Should().Be(expected);

    [Fact]
    public void Fixed_decimals_agree_with_decimal_rounding_for_values_already_rounded_to_those_decimals()
    {
        var random = new Random(7);
        for (var i = 0; i < 20_000; i++)
        {
            var decimals = random.Next(0, 7);
            var value = Math.Round((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(0, 9)), decimals);
            var exact = decimal.Parse(value.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);
            var expected = exact.ToString("F" + decimals, CultureInfo.InvariantCulture);
            if (expected.StartsWith("-", StringComparison.Ordinal) && decimal.Parse(expected, CultureInfo.InvariantCulture) == 0)
            {
                expected = expected[1..];
            }
            Write((v, d) => Utf8ValueWriter.WriteFloat64(v, decimals, d), value).Should().Be(expected, "value {0:R} with {1} decimals", value, decimals);
        }
    }

    [Fact]
    public void Fixed_decimals_read_the_same_on_both_sides_of_the_eight_digit_word()
    {
        // Magnitudes below 10^8 (scaled) take the word-at-a-time path, larger ones the digit loop.
        var values = new List<double>();
        for (var p = 1e-7; p < 1e12; p *= 10)
        {
            values.AddRange([p, -p, p * 0.999999, -p * 0.999999, p * 1.000001, p * 9.87654321]);
        }
        var random = new Random(3);
        for (var i = 0; i < 20_000; i++) values.Add((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-3, 12)));

        foreach (var value in values)
        {
            for (var decimals = 0; decimals <= 9; decimals++)
            {
                var rounded = Math.Round(value, decimals, MidpointRounding.AwayFromZero);
                if (Math.Abs(rounded) * Math.Pow(10, decimals) >= 1e15) continue; // beyond both paths: framework formatting
                var expected = decimal.Parse(rounded.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture)
                    .ToString("F" + decimals, CultureInfo.InvariantCulture);
                if (expected.StartsWith("-", StringComparison.Ordinal) && decimal.Parse(expected, CultureInfo.InvariantCulture) == 0)
                {
                    expected = expected[1..];
                }
                Write((v, d) => Utf8ValueWriter.WriteFloat64(v, decimals, d), rounded).Should().Be(expected, "value {0:R} with {1} decimals", rounded, decimals);
            }
        }
    }

    [Fact]
    public void Fixed_decimals_beyond_the_fast_path_fall_back_to_exact_formatting()
    {
        Write((v, d) => Utf8ValueWriter.WriteFloat64(v, 2, d), double.MaxValue)
            .Should().Be(double.MaxValue.ToString("F2", CultureInfo.InvariantCulture));
        Write((v, d) => Utf8ValueWriter.WriteFloat64(v, 20, d), 0.5).Should().Be("0.50000000000000000000");
        Utf8ValueWriter.MaxFloat64Length(2).Should().BeGreaterThanOrEqualTo(double.MinValue.ToString("F2", CultureInfo.InvariantCulture).Length);
    }

    [Fact]
    public void Shortest_form_parses_back_to_the_same_double_and_reads_exactly_like_dotnet_R()
    {
        var random = new Random(11);
        for (var i = 0; i < 200_000; i++)
        {
            var value = (i % 4) switch
            {
                0 => BitConverter.Int64BitsToDouble(random.NextInt64()),
                1 => random.NextDouble() * Math.Pow(10, random.Next(-30, 30)),
                2 => Math.Round(random.NextDouble() * 1e6, random.Next(0, 8)),
                _ => BitConverter.Int64BitsToDouble(random.NextInt64(0, 1L << 52)), // subnormal
            };
            if (!double.IsFinite(value))
            {
                continue;
            }
            var text = Write((v, d) => Utf8ValueWriter.WriteFloat64(v, -1, d), value);
            text.Length.Should().BeLessThanOrEqualTo(Utf8ValueWriter.MaxShortestFloat64Length);
            text.Should().Be(value.ToString("R", CultureInfo.InvariantCulture));
            SampleTable.ParseDouble(text).Should().Be(value);
        }
    }

    [Fact]
    public void Shortest_form_is_the_same_with_room_to_spare_and_with_just_enough_room()
    {
        // With room to spare the digits are moved in whole words (scratch past the text); with just
        // enough, one at a time. Both must read the same, for every layout.
        var random = new Random(12);
        var roomy = new byte[512];
        var tight = new byte[Utf8ValueWriter.MaxShortestFloat64Length];
        for (var i = 0; i < 200_000; i++)
        {
            var value = (i % 3) switch
            {
                0 => random.NextDouble() * Math.Pow(10, random.Next(-6, 18)) * (random.Next(2) * 2 - 1),
                1 => Math.Round(random.NextDouble() * 1e5, random.Next(0, 12)),
                _ => BitConverter.Int64BitsToDouble(random.NextInt64()),
            };
            if (!double.IsFinite(value))
            {
                continue;
            }
            var expected = value.ToString("R", CultureInfo.InvariantCulture);
            Encoding.UTF8.GetString(roomy, 0, Utf8ValueWriter.WriteFloat64(value, -1, roomy)).Should().Be(expected);
            Encoding.UTF8.GetString(tight, 0, Utf8ValueWriter.WriteFloat64(value, -1, tight)).Should().Be(expected);
        }
    }

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(-0.0, "-0")]
    [InlineData(0.1 + 0.2, "0.30000000000000004")]
    [InlineData(1e16, "10000000000000000")]
    [InlineData(1e17, "1E+17")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1E-05")]
    [InlineData(1.5e300, "1.5E+300")]
    [InlineData(double.MaxValue, "1.7976931348623157E+308")]
    [InlineData(double.Epsilon, "5E-324")]
    [InlineData(9007199254740993.0, "9007199254740992")]
    public void Shortest_form_lays_out_like_dotnet_R(double value, string expected) =>
        Write((v, d) => Utf8ValueWriter.WriteFloat64(v, -1, d), value).Should().Be(expected);

    [Theory]
    [InlineData(0L, "1970-01-01T00:00:00")]
    [InlineData(-1L, "1969-12-31T23:59:59.999999")]
    [InlineData(1_500_000L, "1970-01-01T00:00:01.500000")]
    [InlineData(951_827_696_000_000L, "2000-02-29T12:34:56")]
    [InlineData(253_402_300_799_999_999L, "9999-12-31T23:59:59.999999")]
    [InlineData(-62_135_596_800_000_000L, "0001-01-01T00:00:00")]
    public void Timestamps_are_ISO_8601_with_microseconds_only_when_present(long micros, string expected) =>
        Write((v, d) => Utf8ValueWriter.WriteTimestamp(v, (byte)'T', d), micros).Should().Be(expected);

    [Fact]
    public void Timestamps_match_DateTime_formatting_across_the_calendar()
    {
        var random = new Random(3);
        var min = SampleTable.ToMicros(DateTime.MinValue);
        var max = SampleTable.ToMicros(DateTime.MaxValue);
        for (var i = 0; i < 50_000; i++)
        {
            var micros = random.NextInt64(min, max);
            if (i % 3 == 0)
            {
                micros -= micros % 1_000_000; // whole seconds take the short form
            }
            var instant = new DateTime(DateTime.UnixEpoch.Ticks + micros * 10);
            var expected = instant.ToString(micros % 1_000_000 == 0 ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
            Write((v, d) => Utf8ValueWriter.WriteTimestamp(v, (byte)' ', d), micros).Should().Be(expected);
        }
    }

    [Fact]
    public void Dates_match_DateOnly_formatting_across_the_calendar()
    {
        var first = SampleTable.ToDays(DateOnly.MinValue);
        var last = SampleTable.ToDays(DateOnly.MaxValue);
        for (var days = first; days <= last; days += 7)
        {
            var expected = DateOnly.FromDayNumber(days - first).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            Write((v, d) => Utf8ValueWriter.WriteDate(v, d), days).Should().Be(expected);
        }
    }

    [Fact]
    public void Dates_outside_four_digit_years_keep_their_sign_and_digits()
    {
        Write((v, d) => Utf8ValueWriter.WriteDate(v, d), SampleTable.ToDays(DateOnly.MaxValue) + 1).Should().Be("10000-01-01");
        Write((v, d) => Utf8ValueWriter.WriteDate(v, d), int.MinValue).Length.Should().BeLessThanOrEqualTo(Utf8ValueWriter.MaxDateLength);
        Write((v, d) => Utf8ValueWriter.WriteTimestamp(v, (byte)'T', d), long.MinValue).Length.Should().BeLessThanOrEqualTo(Utf8ValueWriter.MaxTimestampLength);
    }

    [Fact]
    public void Uuids_are_lowercase_36_characters()
    {
        var uuid = Guid.Parse("0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9");
        Write((v, d) => Utf8ValueWriter.WriteUuid(v, d), uuid).Should().Be("0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9");
    }

    [Fact]
    public void Integers_and_booleans_are_invariant_text()
    {
        Write((v, d) => Utf8ValueWriter.WriteInt64(v, d), long.MinValue).Should().Be("-9223372036854775808");
        Write((v, d) => Utf8ValueWriter.WriteBoolean(v, d), true).Should().Be("true");
        Write((v, d) => Utf8ValueWriter.WriteBoolean(v, d), false).Should().Be("false");
    }

    [Fact]
    public void Integers_print_as_the_framework_prints_them_around_every_power_of_ten()
    {
        var values = new List<long> { 0, long.MinValue, long.MaxValue, long.MinValue + 1 };
        for (long p = 1, k = 0; k <= 18; k++, p *= 10)
        {
            values.AddRange([p - 1, p, p + 1, -(p - 1), -p, -(p + 1)]);
        }
        var random = new Random(64);
        for (var i = 0; i < 10_000; i++) values.Add(random.NextInt64(long.MinValue, long.MaxValue) >> random.Next(64));
        for (var i = 0; i < 10_000; i++) values.Add(random.NextInt64(-200_000_000, 200_000_000));

        foreach (var value in values)
        {
            Write((v, d) => Utf8ValueWriter.WriteInt64(v, d), value).Should().Be(value.ToString(CultureInfo.InvariantCulture));
        }
    }

    private delegate int Writer<T>(T value, Span<byte> destination);

    private static string Write<T>(Writer<T> write, T value)
    {
        Span<byte> buffer = stackalloc byte[512];
        var length = write(value, buffer);
        return Encoding.UTF8.GetString(buffer[..length]);
    }
}
