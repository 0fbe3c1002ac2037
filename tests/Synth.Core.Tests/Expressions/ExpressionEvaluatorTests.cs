using Synth.Core.Data;
using Synth.Core.Expressions;
using static Synth.Core.Tests.Expressions.ExpressionTestTable;

namespace Synth.Core.Tests.Expressions;

public class ExpressionEvaluatorTests
{
    [Theory]
    [InlineData("7 + 2", 9)]
    [InlineData("7 - 2", 5)]
    [InlineData("7 * 2", 14)]
    [InlineData("7 / 2", 3.5)]
    [InlineData("7 % 3", 1)]
    [InlineData("-7 % 3", -1)]
    [InlineData("7.5 % 2", 1.5)]
    [InlineData("2 + 3 * 4", 14)]
    [InlineData("(2 + 3) * 4", 20)]
    [InlineData("10 - 4 - 3", 3)]
    [InlineData("-age", -30)]
    [InlineData("- -age", 30)]
    [InlineData("income * 0.3 + 100", 400)]
    [InlineData("age / 4", 7.5)]
    [InlineData("1e3 / age", 1000.0 / 30)]
    [InlineData("100 - age", 70)]
    public void Arithmetic_operators_compute_numbers(string text, double expected)
    {
        Evaluate(text).Should().BeApproximately(expected, 1e-12);
    }

    [Theory]
    [InlineData("age < 31", 1)]
    [InlineData("age < 30", 0)]
    [InlineData("age <= 30", 1)]
    [InlineData("age > 30", 0)]
    [InlineData("age >= 30", 1)]
    [InlineData("age == 30", 1)]
    [InlineData("age != 30", 0)]
    [InlineData("31 > age", 1)]
    [InlineData("vip == false", 1)]
    [InlineData("vip != true", 1)]
    [InlineData("!vip", 1)]
    [InlineData("not vip", 1)]
    [InlineData("age > 1 && vip", 0)]
    [InlineData("age > 1 and !vip", 1)]
    [InlineData("vip || age > 1", 1)]
    [InlineData("vip or age < 1", 0)]
    [InlineData("true", 1)]
    [InlineData("1 < 2 == true", 1)]
    public void Comparisons_and_logic_give_one_or_zero(string text, double expected)
    {
        Evaluate(text).Should().Be(expected);
    }

    [Theory]
    [InlineData("abs(-2.5)", 2.5)]
    [InlineData("abs(income - 1500)", 500)]
    [InlineData("min(3, age, 2)", 2)]
    [InlineData("min(income, age)", 30)]
    [InlineData("max(3, age, 2)", 30)]
    [InlineData("max(income, age, 7)", 1000)]
    [InlineData("round(2.5)", 3)]
    [InlineData("round(-2.5)", -3)]
    [InlineData("round(2.4999)", 2)]
    [InlineData("round(income / 7)", 143)]
    [InlineData("round(1.2345, 2)", 1.23)]
    [InlineData("round(1.235, 2)", 1.24)]
    [InlineData("round(income / 7, 1)", 142.9)]
    [InlineData("round(1250, -2)", 1300)]
    [InlineData("round(1234.5, 0)", 1235)]
    [InlineData("round(9.99, 1.9)", 10)]
    [InlineData("floor(-1.5)", -2)]
    [InlineData("floor(age / 7)", 4)]
    [InlineData("ceil(-1.5)", -1)]
    [InlineData("ceil(age / 7)", 5)]
    [InlineData("sqrt(16)", 4)]
    [InlineData("sqrt(income / 10)", 10)]
    [InlineData("log(1)", 0)]
    [InlineData("log(exp(2))", 2)]
    [InlineData("exp(0)", 1)]
    [InlineData("pow(2, 10)", 1024)]
    [InlineData("pow(age, 2)", 900)]
    [InlineData("pow(2, -1)", 0.5)]
    [InlineData("clamp(age, 0, 18)", 18)]
    [InlineData("clamp(age, 40, 60)", 40)]
    [InlineData("clamp(age, 0, 100)", 30)]
    [InlineData("clamp(5, 10, 0)", 0)]
    [InlineData("if(age > 18, 1, 2)", 1)]
    [InlineData("if(vip, 1, 2)", 2)]
    [InlineData("age > 18 ? income : 0", 1000)]
    public void Functions_compute_numbers(string text, double expected)
    {
        Evaluate(text).Should().BeApproximately(expected, 1e-9);
    }

    [Theory]
    [InlineData("1 / 0")]
    [InlineData("income / (age - 30)")]
    [InlineData("0 / (age - 30)")]
    [InlineData("age % 0")]
    [InlineData("sqrt(-1)")]
    [InlineData("sqrt(-age)")]
    [InlineData("log(0)")]
    [InlineData("log(age - 31)")]
    [InlineData("exp(1000)")]
    [InlineData("exp(age * 100)")]
    [InlineData("pow(0, -1)")]
    [InlineData("pow(-8, 1 / 3)")]
    [InlineData("1e308 * 10")]
    [InlineData("income * 1e306")]
    [InlineData("-1e308 - income * 1e305")]
    [InlineData("round(age, 16)")]
    [InlineData("(1 / 0) > 5")]
    public void Operations_that_would_give_infinity_or_NaN_give_null_so_outputs_stay_finite(string text)
    {
        Evaluate(text).Should().BeNull();
    }

    [Fact]
    public void Only_the_selected_branch_of_a_conditional_can_make_it_null()
    {
        Evaluate("age == 30 ? 0 : income / (age - 30)").Should().Be(0);
        Evaluate("age != 30 ? 0 : income / (age - 30)").Should().BeNull();
        Evaluate("if(age == null, -1, age)", new TestRow(Age: null)).Should().Be(-1);
        Evaluate("vip ? age : -1", new TestRow(Vip: true, Age: null)).Should().BeNull();
        Evaluate("vip ? 1 : 2", new TestRow(Vip: null)).Should().BeNull();
        Evaluate("age > 1 ? age : null").Should().Be(30);
        Evaluate("age > 40 ? age : null").Should().BeNull();
    }

    [Theory]
    [InlineData("age + 1")]
    [InlineData("1 - age")]
    [InlineData("age * income")]
    [InlineData("-age")]
    [InlineData("age > 1")]
    [InlineData("age == 30")]
    [InlineData("abs(age)")]
    [InlineData("min(age, 1, 2)")]
    [InlineData("max(1, age)")]
    [InlineData("round(age, 1)")]
    [InlineData("round(1.5, age)")]
    [InlineData("clamp(1, age, 5)")]
    [InlineData("pow(age, 2)")]
    [InlineData("age > 1 ? 1 : 2")]
    public void A_null_input_makes_the_result_null(string text)
    {
        Evaluate(text, new TestRow(Age: null)).Should().BeNull();
    }

    [Fact]
    public void Null_tests_are_never_null()
    {
        var missing = new TestRow(Age: null, Income: null, Vip: null, Status: null);
        Evaluate("age == null", missing).Should().Be(1);
        Evaluate("null == age", missing).Should().Be(1);
        Evaluate("age != null", missing).Should().Be(0);
        Evaluate("status == null", missing).Should().Be(1);
        Evaluate("vip != null", missing).Should().Be(0);
        Evaluate("income + 1 == null", missing).Should().Be(1);
        Evaluate("age == null").Should().Be(0);
        Evaluate("age != null").Should().Be(1);
        Evaluate("null == null").Should().Be(1);
        Evaluate("1 / 0 == null").Should().Be(1);
    }

    [Fact]
    public void And_and_or_follow_three_valued_logic_so_guards_work_on_nullable_fields()
    {
        var unknown = new TestRow(Vip: null, Age: null);
        Evaluate("vip && false", unknown).Should().Be(0);
        Evaluate("false && vip", unknown).Should().Be(0);
        Evaluate("vip && true", unknown).Should().BeNull();
        Evaluate("vip || true", unknown).Should().Be(1);
        Evaluate("true or vip", unknown).Should().Be(1);
        Evaluate("vip || false", unknown).Should().BeNull();
        Evaluate("vip && vip", unknown).Should().BeNull();
        Evaluate("age != null && age > 5", unknown).Should().Be(0);
        Evaluate("age == null || age > 5", unknown).Should().Be(1);
        Evaluate("age != null && age > 5").Should().Be(1);
    }

    [Fact]
    public void Categories_compare_by_code_with_labels_resolved_at_compile_time()
    {
        var batch = Batch(
            new TestRow(Status: "active", Region: "active"),
            new TestRow(Status: "closed", Region: "north"),
            new TestRow(Status: "pending", Region: "south"),
            new TestRow(Status: null, Region: "active"));

        Evaluate("status == \"closed\"", batch).Should().Equal(0.0, 1.0, 0.0, null);
        Evaluate("'pending' != status", batch).Should().Equal(1.0, 1.0, 0.0, null);
        Evaluate("status", batch).Should().Equal(0.0, 1.0, 2.0, null);
        Evaluate("region == \"active\"", batch).Should().Equal(1.0, 0.0, 0.0, 1.0);
    }

    [Fact]
    public void Two_categories_with_different_labels_compare_by_label()
    {
        var batch = Batch(
            new TestRow(Status: "active", Region: "active"),
            new TestRow(Status: "active", Region: "north"),
            new TestRow(Status: "closed", Region: "active"),
            new TestRow(Status: null, Region: "active"));

        Evaluate("status == region", batch).Should().Equal(1.0, 0.0, 0.0, null);
        Evaluate("status != region", batch).Should().Equal(0.0, 1.0, 1.0, null);
    }

    [Fact]
    public void String_results_are_codes_into_the_result_dictionary()
    {
        var expression = Compile("age >= 65 ? \"senior\" : (age >= 18 ? \"adult\" : \"minor\")");
        var batch = Batch(new TestRow(Age: 70), new TestRow(Age: 30), new TestRow(Age: 10), new TestRow(Age: null), new TestRow(Age: 18));

        expression.ResultType.Should().Be(ExprType.String);
        expression.StringResults.Should().Equal("senior", "adult", "minor");
        Evaluate(expression, batch).Should().Equal(0.0, 1.0, 2.0, null, 1.0);
    }

    [Fact]
    public void A_category_inside_a_string_result_is_remapped_into_the_result_dictionary()
    {
        var expression = Compile("vip ? \"vip\" : status");
        var batch = Batch(
            new TestRow(Vip: true, Status: "closed"),
            new TestRow(Vip: false, Status: "active"),
            new TestRow(Vip: false, Status: "pending"),
            new TestRow(Vip: false, Status: null),
            new TestRow(Vip: true, Status: null));

        expression.StringResults.Should().Equal("vip", "active", "closed", "pending");
        Evaluate(expression, batch).Should().Equal(0.0, 1.0, 3.0, null, 0.0);
    }

    [Fact]
    public void A_null_category_row_holding_an_out_of_range_code_is_harmless()
    {
        var batch = Batch(new TestRow(Status: null, Vip: false), new TestRow(Status: "closed", Vip: false));
        ((CategoryVector)batch.Columns[3]).Codes[0] = 99;

        Evaluate("vip ? \"vip\" : status", batch).Should().Equal(null, 2.0);
        Evaluate("status == region", batch).Should().Equal(null, 0.0);
    }

    [Fact]
    public void String_results_can_be_compared_with_labels_and_categories()
    {
        var batch = Batch(
            new TestRow(Age: 10, Status: "active"),
            new TestRow(Age: 30, Status: "active"),
            new TestRow(Age: 30, Status: "closed"));

        Evaluate("(age < 18 ? \"minor\" : \"adult\") == \"minor\"", batch).Should().Equal(1.0, 0.0, 0.0);
        Evaluate("(age < 18 ? \"closed\" : \"active\") == status", batch).Should().Equal(0.0, 1.0, 0.0);
        Evaluate("if(age < 18, status, \"closed\") != \"closed\"", batch).Should().Equal(1.0, 0.0, 0.0);
        Evaluate("\"a\" == \"a\"", batch).Should().Equal(1.0, 1.0, 1.0);
        Evaluate("\"a\" == 'b'", batch).Should().Equal(0.0, 0.0, 0.0);
    }

    [Fact]
    public void Timestamps_are_unix_seconds_and_dates_are_days_since_the_epoch()
    {
        var row = new TestRow(SignupMicros: 1_700_000_000_250_000, BirthdayDays: 19_000);
        Evaluate("signup", row).Should().Be(1_700_000_000.25);
        Evaluate("birthday", row).Should().Be(19_000);
        Evaluate("floor(signup / 86400) - birthday", row).Should().Be(19_675 - 19_000);
        Evaluate("signup - 3600 > 1700000000", row).Should().Be(0);
        Evaluate("signup", new TestRow(SignupMicros: -1_500_000)).Should().Be(-1.5);
    }

    [Fact]
    public void Row_is_the_global_row_index()
    {
        var batch = Batch([new TestRow(), new TestRow(), new TestRow()], capacity: 8, firstRow: 4096);
        Evaluate("row", batch).Should().Equal(4096.0, 4097.0, 4098.0);
        Evaluate("row % 2 == 0 ? \"even\" : \"odd\"", batch).Should().Equal(0.0, 1.0, 0.0);
    }

    [Fact]
    public void Constant_expressions_fill_every_row()
    {
        var batch = Batch(Enumerable.Repeat(new TestRow(), 9).ToArray());
        Evaluate("round(2 * 3.14159, 2)", batch).Should().AllBeEquivalentTo(6.28);
        Evaluate("\"only\"", batch).Should().AllBeEquivalentTo(0.0);
        Evaluate("1 / 0", batch).Should().AllBeEquivalentTo((double?)null);
    }

    [Fact]
    public void A_NaN_or_infinity_stored_in_a_float_field_reads_as_null()
    {
        var batch = Batch(new TestRow(), new TestRow(), new TestRow(), new TestRow());
        var income = (Float64Vector)batch.Columns[1];
        income.Values[1] = double.NaN;
        income.Values[2] = double.PositiveInfinity;
        Evaluate("income", batch).Should().Equal(1000.0, null, null, 1000.0);
    }

    [Fact]
    public void Evaluating_a_batch_with_nulls_sets_the_null_mask_and_zeroes_null_rows()
    {
        var expression = Compile("income * 2 + age");
        var batch = Batch(
            new TestRow(Age: 1, Income: 10),
            new TestRow(Age: null, Income: 20),
            new TestRow(Age: 3, Income: null),
            new TestRow(Age: 4, Income: 40));
        var values = new double[4];
        var nulls = new bool[4];

        var anyNull = expression.CreateEvaluator(4).Evaluate(batch, values, nulls);

        anyNull.Should().BeTrue();
        nulls.Should().Equal(false, true, true, false);
        values.Should().Equal(21.0, 0.0, 0.0, 84.0);
    }

    [Fact]
    public void An_evaluator_reused_for_a_batch_without_nulls_clears_the_null_mask()
    {
        var expression = Compile("age + 1");
        var evaluator = expression.CreateEvaluator(4);
        var values = new double[4];
        var nulls = new bool[4];

        evaluator.Evaluate(Batch(new TestRow(Age: null), new TestRow(Age: null)), values, nulls).Should().BeTrue();
        evaluator.Evaluate(Batch(new TestRow(Age: 1), new TestRow(Age: 2)), values, nulls).Should().BeFalse();

        nulls.Should().AllBeEquivalentTo(false);
        values.Take(2).Should().Equal(2.0, 3.0);
    }

    public static TheoryData<string> BatchExpressions => new()
    {
        "income * 0.3 + if(status == \"active\", 100, 0)",
        "age >= 65 ? \"senior\" : (age >= 18 ? \"adult\" : \"minor\")",
        "age - income / 7 * 3 % 5",
        "100 - age", "age / income", "2 / age", "income % age",
        "age < income", "age <= 40", "age > 40", "40 >= age", "age == 40", "age != 40",
        "-age", "!vip", "not vip && age > 30", "vip || age > 30", "vip && status != 'closed'",
        "abs(income - 500)", "floor(income / 3)", "ceil(income / 3)", "round(income / 3)", "round(income / 3, 2)",
        "sqrt(income - 300)", "log(income - 300)", "exp(age / 10)", "pow(age, 1.5)", "pow(income, age)",
        "min(age, income, 50)", "max(age, income / 20)", "clamp(income, 200, 800)",
        "vip ? age : income", "if(age > 40, status, region) == 'active'", "status == region", "vip ? 'x' : status",
        "age == null", "income != null && income > 500", "signup / 86400 - birthday", "row * 2 + age",
        "income * 1e306", "income / (age - 40)",
    };

    [Theory]
    [MemberData(nameof(BatchExpressions))]
    public void Evaluating_a_whole_batch_gives_the_same_as_evaluating_each_row_alone(string text)
    {
        // 37 rows exercise the SIMD loops and their scalar tails; one row at a time uses only the tails.
        var random = new Random(42);
        var rows = Enumerable.Range(0, 37).Select(_ => new TestRow(
            Age: random.Next(5) == 0 ? null : random.Next(0, 90),
            Income: random.Next(6) == 0 ? null : Math.Round(random.NextDouble() * 1000, 2),
            Vip: random.Next(7) == 0 ? null : random.Next(2) == 0,
            Status: random.Next(8) == 0 ? null : Statuses[random.Next(3)],
            Region: Regions[random.Next(3)],
            SignupMicros: random.NextInt64(0, 2_000_000_000_000_000),
            BirthdayDays: random.Next(-5000, 20000))).ToArray();
        var expression = Compile(text);

        var whole = Evaluate(expression, Batch(rows, capacity: 64, firstRow: 1000));

        for (var i = 0; i < rows.Length; i++)
        {
            var alone = Evaluate(expression, Batch([rows[i]], capacity: 1, firstRow: 1000 + i))[0];
            whole[i].Should().Be(alone, "row {0} ({1}) of '{2}'", i, rows[i], text);
        }
    }

    [Fact]
    public void Evaluators_on_different_threads_share_one_compiled_expression()
    {
        var expression = Compile("age >= 18 ? income * 0.3 + row : -1");
        var rows = Enumerable.Range(0, 1000).Select(i => new TestRow(Age: i % 40, Income: i)).ToArray();
        var expected = Evaluate(expression, Batch(rows, 1000));

        var results = new double?[8][];
        Parallel.For(0, results.Length, t =>
        {
            var evaluator = expression.CreateEvaluator(1000);
            var batch = Batch(rows, 1000);
            var values = new double[1000];
            var nulls = new bool[1000];
            for (var repeat = 0; repeat < 50; repeat++)
            {
                evaluator.Evaluate(batch, values, nulls);
            }
            results[t] = values.Select((v, i) => nulls[i] ? (double?)null : v).ToArray();
        });

        results.Should().AllSatisfy(r => r.Should().Equal(expected));
    }

    [Fact]
    public void A_flat_chain_at_the_length_limit_evaluates_without_running_out_of_stack()
    {
        var text = "age" + string.Concat(Enumerable.Repeat("+age", 1023));
        text.Length.Should().Be(4095);
        Evaluate(text).Should().Be(1024 * 30);
    }

    [Fact]
    public void Evaluating_a_batch_again_allocates_nothing()
    {
        const int Rows = 4096;
        var expression = Compile(
            "(income * 0.3 + if(status == \"active\", 100, 0)) / max(age, 1) + round(sqrt(abs(income)), 2) - clamp(row % 7, 1, 5)"
            + " + (vip || age == null ? 1 : (region == status ? 2 : 3)) + pow(signup / 1e9, 2) - log(birthday + 1)");
        var random = new Random(7);
        var rows = Enumerable.Range(0, Rows).Select(i => new TestRow(
            Age: i % 11 == 0 ? null : i % 90,
            Income: i % 13 == 0 ? null : i * 1.5,
            Vip: i % 3 == 0,
            Status: i % 17 == 0 ? null : Statuses[i % 3],
            Region: Regions[i % 3],
            SignupMicros: random.NextInt64(0, 2_000_000_000_000_000),
            BirthdayDays: i)).ToArray();
        var batch = Batch(rows, Rows);
        var evaluator = expression.CreateEvaluator(Rows);
        var values = new double[Rows];
        var nulls = new bool[Rows];
        evaluator.Evaluate(batch, values, nulls);

        var before = GC.GetAllocatedBytesForCurrentThread();
        evaluator.Evaluate(batch, values, nulls);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        allocated.Should().BeLessThan(200);
        nulls.Should().Contain(true).And.Contain(false);
    }

    [Fact]
    public void A_batch_larger_than_the_evaluator_or_the_outputs_is_refused()
    {
        var evaluator = Compile("age").CreateEvaluator(2);
        var batch = Batch(new TestRow(), new TestRow(), new TestRow());

        FluentActions.Invoking(() => evaluator.Evaluate(batch, new double[3], new bool[3]))
            .Should().Throw<ArgumentException>().WithMessage("The batch has 3 rows; this evaluator was created for at most 2.*");
        FluentActions.Invoking(() => Compile("age").CreateEvaluator(3).Evaluate(batch, new double[3], new bool[2]))
            .Should().Throw<ArgumentException>().WithParameterName("nulls");
    }
}
