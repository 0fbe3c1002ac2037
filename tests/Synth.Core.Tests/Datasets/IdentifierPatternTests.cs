using Synth.Core.Datasets;

namespace Synth.Core.Tests.Datasets;

public class IdentifierPatternTests
{
    [Fact]
    public void Every_row_gets_a_distinct_identifier_of_the_patterns_shape()
    {
        var pattern = IdentifierPattern.Parse("C#########");

        var ids = Enumerable.Range(0, 100_000).Select(r => pattern.Format(key: 7, r)).ToList();

        ids.Should().OnlyHaveUniqueItems();
        ids.Should().OnlyContain(id => id.Length == 10 && id[0] == 'C' && id.Skip(1).All(char.IsAsciiDigit));
    }

    [Fact]
    public void A_small_space_is_filled_exactly_once_by_as_many_rows_as_it_holds()
    {
        var pattern = IdentifierPattern.Parse("AN");

        pattern.Capacity.Should().Be(26 * 9);
        Enumerable.Range(0, 26 * 9).Select(r => pattern.Format(key: 1, r)).Should().OnlyHaveUniqueItems().And.HaveCount(234)
            .And.OnlyContain(id => id.Length == 2);
    }

    [Fact]
    public void Rows_beyond_the_space_continue_one_position_longer_and_stay_unique()
    {
        var pattern = IdentifierPattern.Parse("N#");

        var ids = Enumerable.Range(0, 90 + 900 + 10).Select(r => pattern.Format(key: 5, r)).ToList();

        ids.Should().OnlyHaveUniqueItems();
        ids.Take(90).Should().OnlyContain(id => id.Length == 2 && id[0] != '0');
        ids.Skip(90).Take(900).Should().OnlyContain(id => id.Length == 3 && id[0] != '0', "N# widens to N##");
        ids.Skip(990).Should().OnlyContain(id => id.Length == 4);
    }

    [Fact]
    public void The_key_changes_the_values_and_the_same_key_repeats_them()
    {
        var pattern = IdentifierPattern.Parse("x*x*x*");

        var first = Enumerable.Range(0, 50).Select(r => pattern.Format(key: 3, r)).ToList();

        Enumerable.Range(0, 50).Select(r => pattern.Format(key: 3, r)).Should().Equal(first);
        Enumerable.Range(0, 50).Select(r => pattern.Format(key: 4, r)).Should().NotEqual(first);
    }

    [Fact]
    public void A_space_wider_than_62_bits_fixes_its_leftmost_positions_and_stays_unique()
    {
        var pattern = IdentifierPattern.Parse(new string('*', 20));

        pattern.Capacity.Should().BeLessThanOrEqualTo(1UL << 62);
        Enumerable.Range(0, 10_000).Select(r => pattern.Format(key: 9, r)).Should().OnlyHaveUniqueItems()
            .And.OnlyContain(id => id.Length == 20);
    }

    [Theory]
    [InlineData("N##", true)]
    [InlineData("#", true)]
    [InlineData("##", false)]
    [InlineData("C##", false)]
    public void Numbers_without_leading_zeros_are_written_as_integers(string text, bool isNumber) =>
        IdentifierPattern.Parse(text).IsNumber.Should().Be(isNumber);
}
