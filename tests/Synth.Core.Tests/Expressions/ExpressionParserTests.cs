using Synth.Core.Expressions;

namespace Synth.Core.Tests.Expressions;

public class ExpressionParserTests
{
    [Theory]
    [InlineData("1 + 2 * 3", "(1 + (2 * 3))")]
    [InlineData("(1 + 2) * 3", "((1 + 2) * 3)")]
    [InlineData("a - b - c", "((a - b) - c)")]
    [InlineData("a / b % c * d", "(((a / b) % c) * d)")]
    [InlineData("-a * b", "((-a) * b)")]
    [InlineData("- -a", "(-(-a))")]
    [InlineData("a + b < c * d", "((a + b) < (c * d))")]
    [InlineData("a < b == c >= d", "((a < b) == (c >= d))")]
    [InlineData("a == b && c != d || e", "(((a == b) && (c != d)) || e)")]
    [InlineData("a || b && c", "(a || (b && c))")]
    [InlineData("a or b and c", "(a || (b && c))")]
    [InlineData("!a && b", "((!a) && b)")]
    [InlineData("c ? a + 1 : b", "(c ? (a + 1) : b)")]
    [InlineData("a ? b : c ? d : e", "(a ? b : (c ? d : e))")]
    [InlineData("a ? b ? c : d : e", "(a ? (b ? c : d) : e)")]
    [InlineData("a || b ? 1 : 2", "((a || b) ? 1 : 2)")]
    [InlineData("min(a, b + 1, 3)", "min(a, (b + 1), 3)")]
    [InlineData("if(a > 1, \"x\", 'y')", "if((a > 1), \"x\", \"y\")")]
    public void Operators_bind_with_standard_precedence(string text, string parenthesised)
    {
        ExpressionParser.Parse(text).ToString().Should().Be(parenthesised);
    }

    [Theory]
    [InlineData("income * 0.3 + if(status == \"active\", 100, 0)")]
    [InlineData("age >= 65 ? \"senior\" : (age >= 18 ? \"adult\" : \"minor\")")]
    [InlineData("not `not` or `first name` != 'it\\'s' && -x % 2 == null")]
    [InlineData("round(1.5e-7 * row, 2) - 1e300")]
    public void Printing_a_parsed_expression_gives_text_that_parses_to_the_same_tree(string text)
    {
        var printed = ExpressionParser.Parse(text).ToString();
        ExpressionParser.Parse(printed).ToString().Should().Be(printed);
    }

    [Fact]
    public void Not_binds_looser_than_comparisons_while_bang_binds_tightly()
    {
        ExpressionParser.Parse("not a > 1 and b").ToString().Should().Be("((!(a > 1)) && b)");
        ExpressionParser.Parse("!a == b").ToString().Should().Be("((!a) == b)");
    }

    [Theory]
    [InlineData("1", 1.0)]
    [InlineData("2.5", 2.5)]
    [InlineData("1e3", 1000.0)]
    [InlineData("1.5E-2", 0.015)]
    [InlineData(".5", 0.5)]
    [InlineData("7.", 7.0)]
    public void Number_literals_accept_decimals_and_exponents(string text, double value)
    {
        ExpressionParser.Parse(text).Should().BeOfType<NumberLiteral>().Which.Value.Should().Be(value);
    }

    [Theory]
    [InlineData("\"plain\"", "plain")]
    [InlineData("'single'", "single")]
    [InlineData("\"say \\\"hi\\\"\"", "say \"hi\"")]
    [InlineData("'it\\'s'", "it's")]
    [InlineData("\"back\\\\slash\"", "back\\slash")]
    [InlineData("'mixed \"quotes\"'", "mixed \"quotes\"")]
    [InlineData("\"\"", "")]
    public void String_literals_take_either_quote_and_resolve_escapes(string text, string value)
    {
        ExpressionParser.Parse(text).Should().BeOfType<StringLiteral>().Which.Value.Should().Be(value);
    }

    [Fact]
    public void Keywords_make_booleans_and_null_and_backticks_quote_any_name()
    {
        ExpressionParser.Parse("true").Should().BeOfType<BooleanLiteral>().Which.Value.Should().BeTrue();
        ExpressionParser.Parse("false").Should().BeOfType<BooleanLiteral>().Which.Value.Should().BeFalse();
        ExpressionParser.Parse("null").Should().BeOfType<NullLiteral>();
        ExpressionParser.Parse("`first name`").Should().BeOfType<NameReference>().Which.Name.Should().Be("first name");
        ExpressionParser.Parse("`true`").Should().BeOfType<NameReference>().Which.Name.Should().Be("true");
        ExpressionParser.Parse("_x9").Should().BeOfType<NameReference>().Which.Name.Should().Be("_x9");
    }

    [Fact]
    public void Positions_are_one_based_and_point_at_the_operator_or_name()
    {
        var sum = ExpressionParser.Parse("income * 0.3 + bonus").Should().BeOfType<BinaryExpression>().Subject;
        sum.Position.Should().Be(14);
        sum.Left.Position.Should().Be(8);
        sum.Right.Position.Should().Be(16);
        ((BinaryExpression)sum.Left).Left.Position.Should().Be(1);
        ExpressionParser.Parse("a ? b : c").Position.Should().Be(3);
        ExpressionParser.Parse("  round(x)").Position.Should().Be(3);
    }

    [Fact]
    public void References_are_listed_once_in_order_of_first_appearance_without_a_layout()
    {
        ExpressionParser.Parse("income * 0.3 + if(status == \"active\", income, bonus) - max(age, row, `first name`)")
            .CollectReferences()
            .Should().Equal("income", "status", "bonus", "age", "row", "first name");
        ExpressionParser.Parse("1 + round(2.5)").CollectReferences().Should().BeEmpty();
    }

    [Fact]
    public void A_parent_tables_field_is_one_qualified_name()
    {
        ExpressionParser.Parse("customers.signed_up + days * 86400").CollectReferences().Should().Equal("customers.signed_up", "days");
    }

    [Theory]
    [InlineData("", 1, "expression is empty")]
    [InlineData("   ", 1, "expression is empty")]
    [InlineData("1 +", 4, "unexpected end of expression")]
    [InlineData("(1 + 2", 7, "expected ')' to close the '(' at position 1, found end of expression")]
    [InlineData("1 + 2)", 6, "expected an operator or the end, found ')'")]
    [InlineData("a b", 3, "expected an operator or the end, found 'b'")]
    [InlineData("a ? b", 6, "expected ':' for the '?' at position 3, found end of expression")]
    [InlineData("f(1, 2", 7, "expected ',' or ')' in the call of 'f' at position 1, found end of expression")]
    [InlineData("f(1,)", 5, "expected a value, found ')'")]
    [InlineData("a * * b", 5, "expected a value, found '*'")]
    [InlineData("a and or b", 7, "expected a value, found 'or'")]
    [InlineData("\"abc", 1, "unterminated string literal")]
    [InlineData("x == 'abc", 6, "unterminated string literal")]
    [InlineData("'a\\n'", 3, "unknown escape '\\n' (only \\\" \\' and \\\\ are allowed)")]
    [InlineData("`abc", 1, "unterminated `quoted name`")]
    [InlineData("a = 1", 3, "unexpected '='; use '==' to compare")]
    [InlineData("a & b", 3, "unexpected '&'; use '&&' or 'and'")]
    [InlineData("a | b", 3, "unexpected '|'; use '||' or 'or'")]
    [InlineData("a # b", 3, "unexpected character '#'")]
    [InlineData("1e", 1, "malformed number '1e'")]
    [InlineData("1e999", 1, "number '1e999' is out of range")]
    [InlineData("a..b", 2, "unexpected character '.'")]
    public void Syntax_errors_name_the_position_and_the_problem(string text, int position, string detail)
    {
        var error = FluentActions.Invoking(() => ExpressionParser.Parse(text)).Should().Throw<ExpressionException>().Which;
        error.Position.Should().Be(position);
        error.Detail.Should().Be(detail);
        error.Message.Should().Be($"position {position}: {detail}");
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_refused_at_the_level_that_breaks_it()
    {
        var deep = new string('(', ExpressionParser.MaxDepth + 1) + "1" + new string(')', ExpressionParser.MaxDepth + 1);
        var error = FluentActions.Invoking(() => ExpressionParser.Parse(deep)).Should().Throw<ExpressionException>().Which;
        error.Position.Should().Be(ExpressionParser.MaxDepth + 1);
        error.Message.Should().Be($"position {ExpressionParser.MaxDepth + 1}: expression nests deeper than 64 levels");

        var atLimit = new string('(', ExpressionParser.MaxDepth) + "1" + new string(')', ExpressionParser.MaxDepth);
        ExpressionParser.Parse(atLimit).Should().BeOfType<NumberLiteral>();
        FluentActions.Invoking(() => ExpressionParser.Parse(new string('-', 65) + "1")).Should().Throw<ExpressionException>()
            .WithMessage("*nests deeper than 64 levels");
        FluentActions.Invoking(() => ExpressionParser.Parse(string.Concat(Enumerable.Repeat("abs(", 65)) + "1" + new string(')', 65)))
            .Should().Throw<ExpressionException>().WithMessage("*nests deeper than 64 levels");
    }

    [Fact]
    public void Text_longer_than_four_kilobytes_is_refused()
    {
        var text = "1" + string.Concat(Enumerable.Repeat(" + 1", 1100));
        var error = FluentActions.Invoking(() => ExpressionParser.Parse(text)).Should().Throw<ExpressionException>().Which;
        error.Position.Should().Be(4097);
        error.Detail.Should().Be($"expression is {text.Length} characters long; the limit is 4096");
    }

    [Fact]
    public void A_long_flat_chain_within_the_length_limit_parses_because_it_does_not_nest()
    {
        var text = "1" + string.Concat(Enumerable.Repeat("+1", 2047));
        text.Length.Should().Be(4095);
        ExpressionParser.Parse(text).Should().BeOfType<BinaryExpression>();
    }
}
