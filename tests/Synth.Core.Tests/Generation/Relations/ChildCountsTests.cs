using Synth.Core.Generation.Relations;
using Synth.Core.Schema;

namespace Synth.Core.Tests.Generation.Relations;

public class ChildCountsTests
{
    [Theory]
    [InlineData(3.0)]
    [InlineData(0.0005)] // whole strides of parents without a child
    public void Every_child_row_is_located_at_the_parent_whose_run_holds_it(double lambda)
    {
        var spec = new FieldSpec { Name = "n", Path = "$.n", Type = FieldType.Int, Distribution = Distribution.Poisson, Lambda = lambda, Min = 0, Max = 1_000_000 };
        var counts = new ChildCounts(spec, key: 99, parentRows: 10_000, path: "$.n");

        long child = 0;
        for (long parent = 0; parent < counts.ParentRows; parent++)
        {
            var n = counts.Count(parent);
            for (var k = 0; k < n; k++, child++)
            {
                counts.Locate(child).Should().Be((parent, child - k));
            }
        }
        counts.Total.Should().Be(child);
        counts.Invoking(c => c.Locate(child)).Should().Throw<ArgumentOutOfRangeException>();
    }
}
