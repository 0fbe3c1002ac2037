using Synth.Core.Data;
using Synth.Core.Expressions;
using static Synth.Core.Tests.Expressions.ExpressionTestTable;

namespace Synth.Core.Tests.Expressions;

public class ExpressionCompilerTests
{
    [Theory]
    [InlineData("income * 0.3 + 1", ExprType.Number)]
    [InlineData("age", ExprType.Number)]
    [InlineData("signup", ExprType.Number)]
    [InlineData("birthday", ExprType.Number)]
    [InlineData("row", ExprType.Number)]
    [InlineData("vip", ExprType.Boolean)]
    [InlineData("age >= 18 && !vip", ExprType.Boolean)]
    [InlineData("status == \"active\"", ExprType.Boolean)]
    [InlineData("income == null", ExprType.Boolean)]
    [InlineData("status", ExprType.String)]
    [InlineData("age > 1 ? \"a\" : \"b\"", ExprType.String)]
    [InlineData("\"constant\"", ExprType.String)]
    [InlineData("vip ? age : null", ExprType.Number)]
    public void Each_expression_has_a_result_type(string text, ExprType type)
    {
        Compile(text).ResultType.Should().Be(type);
    }

    [Fact]
    public void References_list_the_fields_read_but_not_the_built_in_row()
    {
        Compile("income * 0.3 + if(status == \"active\", income, age) + row").References
            .Should().Equal("income", "status", "age");
    }

    [Fact]
    public void A_field_named_row_wins_over_the_built_in_row_index()
    {
        var layout = new TableLayout([new ColumnInfo("row", ColumnType.Int64, nullable: false)]);
        var batch = new RowBatch(layout, 2) { Count = 2, FirstRow = 100 };
        ((Int64Vector)batch.Columns[0]).Values[0] = 7;
        ((Int64Vector)batch.Columns[0]).Values[1] = 8;

        var expression = ExpressionCompiler.Compile("row * 2", layout);

        expression.References.Should().Equal("row");
        Evaluate(expression, batch).Should().Equal(14.0, 16.0);
    }

    [Fact]
    public void Backticks_reach_fields_whose_names_are_not_plain_identifiers_or_are_keywords()
    {
        var layout = new TableLayout(
        [
            new ColumnInfo("first name", ColumnType.Category, nullable: false, categories: ["Ann", "Bo"]),
            new ColumnInfo("not", ColumnType.Boolean, nullable: false),
        ]);
        var batch = new RowBatch(layout, 2) { Count = 2 };
        ((CategoryVector)batch.Columns[0]).Codes[1] = 1;
        ((BooleanVector)batch.Columns[1]).Values[0] = true;

        var expression = ExpressionCompiler.Compile("`first name` == 'Bo' || `not`", layout);

        expression.References.Should().Equal("first name", "not");
        expression.ToString().Should().Be("((`first name` == \"Bo\") || `not`)");
        Evaluate(expression, batch).Should().Equal(1.0, 1.0);
    }

    [Fact]
    public void String_results_are_the_labels_in_order_of_first_appearance()
    {
        Compile("age >= 65 ? \"senior\" : (age >= 18 ? \"adult\" : \"minor\")").StringResults
            .Should().Equal("senior", "adult", "minor");
        Compile("if(vip, \"gold\", if(age > 60, \"silver\", \"gold\"))").StringResults
            .Should().Equal("gold", "silver");
        Compile("status").StringResults.Should().Equal(Statuses);
        Compile("vip ? \"vip\" : status").StringResults.Should().Equal("vip", "active", "closed", "pending");
        Compile("vip ? region : status").StringResults.Should().Equal("north", "south", "active", "closed", "pending");
        Compile("age + 1").StringResults.Should().BeEmpty();
    }

    [Fact]
    public void Comparing_a_category_with_an_unknown_label_is_a_compile_error_listing_the_labels()
    {
        var error = FluentActions.Invoking(() => Compile("age > 1 && status == \"actve\"")).Should().Throw<ExpressionException>().Which;
        error.Position.Should().Be(22);
        error.Message.Should().Be("position 22: field 'status' has no category \"actve\"; its categories are: \"active\", \"closed\", \"pending\"");

        FluentActions.Invoking(() => Compile("'gone' != region")).Should().Throw<ExpressionException>()
            .WithMessage("position 1: field 'region' has no category \"gone\"; its categories are: \"north\", \"south\", \"active\"");
    }

    [Fact]
    public void Comparing_a_string_result_with_a_label_it_never_takes_is_a_compile_error()
    {
        FluentActions.Invoking(() => Compile("(vip ? \"a\" : \"b\") == \"c\"")).Should().Throw<ExpressionException>()
            .WithMessage("position 22: \"c\" can never be equal to the other side, whose values are: \"a\", \"b\"");
    }

    [Theory]
    [InlineData("incme * 2", 1, "unknown field 'incme'; did you mean 'income'?")]
    [InlineData("1 + Age", 5, "unknown field 'Age'; did you mean 'age'?")]
    [InlineData("1 + zzz", 5, "unknown field 'zzz'")]
    [InlineData("name == \"x\"", 1, "field 'name' is a String column, which expressions cannot use (they can use integers, floats, booleans, timestamps, dates and categories)")]
    [InlineData("id != null", 1, "field 'id' is a Uuid column, which expressions cannot use (they can use integers, floats, booleans, timestamps, dates and categories)")]
    [InlineData("rnd(age)", 1, "unknown function 'rnd'; did you mean 'round'?")]
    [InlineData("IF(vip, 1, 2)", 1, "unknown function 'IF'; did you mean 'if'?")]
    [InlineData("median(age)", 1, "unknown function 'median'; the functions are abs, ceil, clamp, exp, floor, if, log, max, min, pow, round, sqrt")]
    [InlineData("abs()", 1, "'abs' takes 1 argument, got 0")]
    [InlineData("1 + pow(age, 2, 3)", 5, "'pow' takes 2 arguments, got 3")]
    [InlineData("round(age, 1, 2)", 1, "'round' takes 1 or 2 arguments, got 3")]
    [InlineData("min(age)", 1, "'min' takes at least 2 arguments, got 1")]
    [InlineData("clamp(age, 1)", 1, "'clamp' takes 3 arguments, got 2")]
    [InlineData("if(vip, 1)", 1, "'if' takes 3 arguments, got 2")]
    public void Name_and_call_errors_say_what_is_wrong_and_where(string text, int position, string detail)
    {
        var error = FluentActions.Invoking(() => Compile(text)).Should().Throw<ExpressionException>().Which;
        error.Message.Should().Be($"position {position}: {detail}");
        error.Position.Should().Be(position);
    }

    [Theory]
    [InlineData("\"active\" + 1", 10, "'+' needs numbers, got String")]
    [InlineData("status + 1", 8, "'+' needs numbers, got String")]
    [InlineData("age * vip", 5, "'*' needs numbers, got Boolean")]
    [InlineData("age < status", 5, "'<' needs numbers, got String")]
    [InlineData("status < \"b\"", 8, "'<' needs numbers, got String")]
    [InlineData("-vip", 1, "'-' needs a number, got Boolean")]
    [InlineData("!age", 1, "'!' needs a Boolean, got Number")]
    [InlineData("not age", 1, "'not' needs a Boolean, got Number")]
    [InlineData("age && vip", 5, "'&&' needs Booleans, got Number")]
    [InlineData("vip or age", 5, "'or' needs Booleans, got Number")]
    [InlineData("age == vip", 5, "'==' cannot compare Number with Boolean")]
    [InlineData("status != 1", 8, "'!=' cannot compare String with Number")]
    [InlineData("age ? 1 : 2", 1, "the condition of '?:' needs a Boolean, got Number")]
    [InlineData("vip ? 1 : \"x\"", 5, "the branches of '?:' have different types: Number and String")]
    [InlineData("if(age, 1, 2)", 4, "the condition of 'if' needs a Boolean, got Number")]
    [InlineData("if(vip, true, 2)", 1, "the branches of 'if' have different types: Boolean and Number")]
    [InlineData("vip ? null : null", 5, "both branches of '?:' are null, so its type is unknown")]
    [InlineData("sqrt(vip)", 6, "argument 1 of 'sqrt' needs a number, got Boolean")]
    [InlineData("max(1, 2, status)", 11, "argument 3 of 'max' needs a number, got String")]
    [InlineData("age + null", 5, "'+' needs numbers, got null (null may only be tested with == null or != null, or be a branch of ?: or if())")]
    [InlineData("null", 1, "expression is always null, so its type is unknown")]
    [InlineData("a < b < c", 1, "unknown field 'a'")]
    [InlineData("age < 1 < 2", 9, "'<' needs numbers, got Boolean")]
    public void Type_errors_are_compile_errors_with_the_position(string text, int position, string detail)
    {
        var error = FluentActions.Invoking(() => Compile(text)).Should().Throw<ExpressionException>().Which;
        error.Message.Should().Be($"position {position}: {detail}");
    }

    [Fact]
    public void Compiling_text_reports_syntax_errors_the_same_way()
    {
        FluentActions.Invoking(() => Compile("status == \"active")).Should().Throw<ExpressionException>()
            .WithMessage("position 11: unterminated string literal");
    }

    [Fact]
    public void A_compiled_expression_prints_as_its_parenthesised_syntax()
    {
        Compile("income*0.3+1").ToString().Should().Be("((income * 0.3) + 1)");
    }
}
