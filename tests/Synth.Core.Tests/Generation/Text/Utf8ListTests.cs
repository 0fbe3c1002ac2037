using System.Text;
using Synth.Core.Generation.Text;

namespace Synth.Core.Tests.Generation.Text;

public class Utf8ListTests
{
    private static readonly Utf8List List = new(["Ann", "", "Ann", "Émilie", "a-name-much-longer-than-thirty-two-bytes", "山田", "x"]);

    [Fact]
    public void Items_are_distinct_non_empty_UTF8_in_first_seen_order()
    {
        List.Strings.Should().Equal("Ann", "Émilie", "a-name-much-longer-than-thirty-two-bytes", "山田", "x");
        List.MaxLength.Should().Be(Encoding.UTF8.GetByteCount("a-name-much-longer-than-thirty-two-bytes"));
    }

    [Fact]
    public void CopyTo_writes_each_item_whole_with_room_to_spare_and_with_exactly_its_length()
    {
        for (var i = 0; i < List.Count; i++)
        {
            var expected = Encoding.UTF8.GetBytes(List.Strings[i]);
            var roomy = new byte[64];
            var length = List.CopyTo(i, roomy);
            length.Should().Be(expected.Length);
            roomy.AsSpan(0, length).ToArray().Should().Equal(expected);

            var exact = new byte[expected.Length];
            List.CopyTo(i, exact).Should().Be(expected.Length);
            exact.Should().Equal(expected);
        }
    }
}
