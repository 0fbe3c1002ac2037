using Synth.Core.Generation.Text;

namespace Synth.Core.Tests.Generation.Text;

public class EmailLocalPartTests
{
    [Theory]
    [InlineData("Zoë O'Brien", "", "zoeobrien")]
    [InlineData("Straße", "de", "strasse")]
    [InlineData("Александр", "ru", "aleksandr")]
    [InlineData("Γεώργιος", "el", "georgios")]
    [InlineData("서연", "ko", "seoyeon")]
    [InlineData("博文", "zh_CN", "bowen")]
    [InlineData("佐藤", "ja", "sato")]
    [InlineData("大翔", "ja", "hiroto")]
    [InlineData("さくら", "ja", "sakura")]
    public void Names_in_any_script_become_transliterated_lower_case_letters(string name, string locale, string expected)
    {
        EmailLocalPart.Fold(name, locale).Should().Be(expected);
    }

    [Fact]
    public void A_name_with_no_letters_at_all_still_gives_a_local_part()
    {
        EmailLocalPart.Fold("·—·", "").Should().Be("user");
    }

    [Theory]
    [InlineData("ja")]
    [InlineData("zh_CN")]
    [InlineData("ko")]
    [InlineData("ru")]
    [InlineData("ar")]
    public void E_mails_in_non_Latin_locales_are_built_from_the_rows_transliterated_name(string locale)
    {
        var t = Synth.Core.Tests.Generation.GeneratedTable.Generate(
            $$"""{"name": {"type": "name"}, "email": {"type": "email"}, "locale": "{{locale}}"}""", rows: 500);

        for (var i = 0; i < 500; i++)
        {
            var name = (string)t["name"][i]!;
            var email = (string)t["email"][i]!;
            email.Should().MatchRegex("^[a-z0-9._]+@[a-z0-9.-]+$").And.NotStartWith("user");
            var parts = name.Split(' ');
            email.Should().Contain(EmailLocalPart.Fold(parts[^1], locale), $"row {i}: {email} should derive from {name}");
        }
    }
}
