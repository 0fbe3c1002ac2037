using System.Text.Json.Nodes;
using Synth.Core.Schema;

namespace Synth.Core.Tests.Schema;

public sealed class YamlTreeReaderTests
{
    [Fact]
    public void An_alias_becomes_a_copy_of_its_anchor()
    {
        var tree = YamlTreeReader.Read("base: &b {type: int, min: 1}\nother: *b\n")!;

        tree["other"]!.ToJsonString().Should().Be("""{"type":"int","min":1}""");
        tree["other"].Should().NotBeSameAs(tree["base"]);
    }

    [Theory]
    [InlineData("&a [*a]", "line 1, column 5")]
    [InlineData("a: &a {b: *a}", "line 1, column 11")]
    [InlineData("a: &a\n  - x\n  - *a\n", "line 3")]
    public void An_alias_inside_its_own_anchor_is_refused_as_a_cycle_with_its_place(string yaml, string place)
    {
        var read = () => YamlTreeReader.Read(yaml);

        read.Should().Throw<FormatException>().WithMessage($"*{place}*the alias *a is used inside its own anchor &a (a cycle)*");
    }

    [Fact]
    public void An_alias_bomb_is_refused_at_the_value_limit_instead_of_expanding()
    {
        var bomb = "a0: &a0 [x,x,x,x,x,x,x,x,x]\n" + string.Concat(Enumerable.Range(1, 9).Select(i => $"a{i}: &a{i} [{string.Join(',', Enumerable.Repeat($"*a{i - 1}", 9))}]\n"));

        var read = () => YamlTreeReader.Read(bomb);

        read.Should().Throw<FormatException>().WithMessage("*more than 200,000 values (each use of an alias counts as a copy)*");
    }

    [Fact]
    public void Uses_of_aliases_count_toward_the_limit_but_a_schema_of_real_size_passes()
    {
        var yaml = "f: &f {type: category, categories: [a, b, c]}\n" + string.Concat(Enumerable.Range(0, 1000).Select(i => $"g{i}: *f\n"));

        var tree = (JsonObject)YamlTreeReader.Read(yaml)!;

        tree.Count.Should().Be(1001);
    }

    [Fact]
    public void Nesting_deeper_than_64_levels_is_refused()
    {
        var read = () => YamlTreeReader.Read("a: " + new string('[', 65) + new string(']', 65));

        read.Should().Throw<FormatException>().WithMessage("*nests deeper than 64 levels*");
        YamlTreeReader.Read("a: " + new string('[', 63) + new string(']', 63)).Should().NotBeNull();
    }

    [Fact]
    public void An_alias_naming_no_anchor_is_refused() =>
        FluentActions.Invoking(() => YamlTreeReader.Read("a: *nowhere")).Should().Throw<FormatException>().WithMessage("*the alias *nowhere names no anchor*");

    [Fact]
    public void A_key_given_twice_in_one_mapping_is_refused() =>
        FluentActions.Invoking(() => YamlTreeReader.Read("a: 1\nb: 2\na: 3\n")).Should().Throw<FormatException>().WithMessage("*line 3*the key 'a' appears twice*");

    [Fact]
    public void A_mapping_as_a_key_is_refused() =>
        FluentActions.Invoking(() => YamlTreeReader.Read("? {a: 1}\n: x\n")).Should().Throw<FormatException>().WithMessage("*a mapping key must be a plain value*");

    [Fact]
    public void Keys_stay_the_text_written_and_plain_values_are_typed_by_the_core_schema()
    {
        var tree = YamlTreeReader.Read("1: 1\nnull: null\ntrue: 'true'\nf: 2.5\ns: hello\nbig: 1e999\n")!;

        tree.ToJsonString().Should().Be("""{"1":1,"null":null,"true":"true","f":2.5,"s":"hello","big":"1e999"}""");
    }

    [Fact]
    public void Truncated_flow_collections_and_syntax_errors_are_format_errors_with_a_place()
    {
        FluentActions.Invoking(() => YamlTreeReader.Read("a: [1, 2")).Should().Throw<FormatException>().WithMessage("invalid YAML*");
        FluentActions.Invoking(() => YamlTreeReader.Read("a: b: c")).Should().Throw<FormatException>().WithMessage("invalid YAML at line 1*");
    }

    [Fact]
    public void Only_the_first_document_is_read() =>
        YamlTreeReader.Read("a: 1\n---\nb: 2\n")!.ToJsonString().Should().Be("""{"a":1}""");
}
