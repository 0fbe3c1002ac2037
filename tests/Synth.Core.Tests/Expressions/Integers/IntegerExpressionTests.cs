using System.Numerics;
using Synth.Core.Tests.Generation;

namespace Synth.Core.Tests.Expressions.Integers;

public class IntegerExpressionTests
{
    private const long Big = 9_007_199_254_740_993; // 2^53 + 1: the first integer a double cannot hold

    private static readonly GeneratedTable Table = GeneratedTable.Generate("""
        {
          "a": {"type": "int", "expression": "row + 9007199254740993"},
          "next": {"type": "int", "expression": "a + 1"},
          "mixed": {"type": "int", "expression": "-(a * 3 % 1000000007) + abs(a - 9007199254741000)"},
          "bounded": {"type": "int", "expression": "clamp(max(a, 9007199254740995), 0, 9007199254740997) - min(a, 9007199254740994)"},
          "overflow": {"type": "int", "expression": "a * a"},
          "modzero": {"type": "int", "expression": "a % (row - row)"},
          "small": {"type": "int", "expression": "row * 7 % 5 - 2", "min": 0}
        }
        """, rows: 10);

    [Fact]
    public void Integer_expressions_above_2_to_the_53_keep_every_digit()
    {
        for (var row = 0; row < 10; row++)
        {
            var a = Big + row;
            Table["a"][row].Should().Be(a);
            Table["next"][row].Should().Be(a + 1);
            Table["mixed"][row].Should().Be((long)(-(new BigInteger(a) * 3 % 1_000_000_007) + BigInteger.Abs(new BigInteger(a) - 9_007_199_254_741_000)));
            Table["bounded"][row].Should().Be(Math.Min(Math.Max(a, 9_007_199_254_740_995), 9_007_199_254_740_997) - Math.Min(a, 9_007_199_254_740_994));
        }
    }

    [Fact]
    public void Overflow_and_division_by_zero_give_null_as_they_do_for_floats()
    {
        Table["overflow"].Should().AllSatisfy(v => v.Should().BeNull());
        Table["modzero"].Should().AllSatisfy(v => v.Should().BeNull());
    }

    [Fact]
    public void Small_values_are_what_the_double_evaluation_gives_min_and_max_included()
    {
        Table["small"].Should().Equal(Enumerable.Range(0, 10).Select(r => (object?)Math.Max(0L, r * 7 % 5 - 2)));
    }
}
