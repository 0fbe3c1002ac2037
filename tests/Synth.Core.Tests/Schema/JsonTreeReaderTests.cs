using Synth.Core.Schema;

namespace Synth.Core.Tests.Schema;

public sealed class JsonTreeReaderTests
{
    [Fact]
    public void A_key_given_twice_is_refused_naming_it() =>
        FluentActions.Invoking(() => JsonTreeReader.Read("""{"a": 1, "a": 2}""")).Should().Throw<FormatException>().WithMessage("invalid JSON at line 1*'a'*");

    [Fact]
    public void Half_a_surrogate_pair_is_refused_with_its_line_and_column() =>
        FluentActions.Invoking(() => JsonTreeReader.Read("{\n  \"a\": \"x\\ud800\"}")).Should().Throw<FormatException>()
            .WithMessage("invalid JSON at line 2, column 8: a \\u escape is half of a surrogate pair*");

    [Fact]
    public void Nesting_deeper_than_64_levels_is_refused() =>
        FluentActions.Invoking(() => JsonTreeReader.Read(new string('[', 65) + new string(']', 65))).Should().Throw<FormatException>().WithMessage("*depth of 64*");

    [Fact]
    public void More_values_than_the_limit_are_refused_before_a_tree_is_built() =>
        FluentActions.Invoking(() => JsonTreeReader.Read("[" + string.Join(',', Enumerable.Repeat("0", 200_001)) + "]")).Should().Throw<FormatException>()
            .WithMessage("*more than 200,000 values*");

    [Fact]
    public void Comments_and_trailing_commas_are_accepted_only_when_asked()
    {
        const string text = "{\"a\": 1, // one\n}";

        JsonTreeReader.Read(text, allowCommentsAndTrailingCommas: true)!.ToJsonString().Should().Be("""{"a":1}""");
        FluentActions.Invoking(() => JsonTreeReader.Read(text)).Should().Throw<FormatException>();
    }
}
