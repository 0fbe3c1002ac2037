namespace Synth.Storage.Tests;

public sealed class ArtifactKeyTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("jobs/7f3c/part-00003.csv")]
    [InlineData(".hidden/x")]
    [InlineData("a..b/c...d")]
    [InlineData("with space/naïve 数据.csv")]
    public void Relative_slash_separated_paths_are_keys(string key)
    {
        ArtifactKey.IsValid(key).Should().BeTrue();
        FluentActions.Invoking(() => ArtifactKey.Validate(key)).Should().NotThrow();
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("/a", "starts with '/'")]
    [InlineData("a//b", "empty segment")]
    [InlineData("a/", "empty segment")]
    [InlineData("a/../b", "'..' segment")]
    [InlineData("./a", "'.' segment")]
    [InlineData("a\\b", "backslash")]
    [InlineData("a\nb", "control character")]
    public void Other_strings_are_refused_with_the_key_and_the_reason(string key, string reason)
    {
        ArtifactKey.IsValid(key).Should().BeFalse();
        FluentActions.Invoking(() => ArtifactKey.Validate(key)).Should().Throw<ArgumentException>()
            .WithMessage($"*'{key}'*{reason}*").And.ParamName.Should().Be("key");
    }

    [Fact]
    public void A_key_may_have_at_most_1024_utf8_bytes()
    {
        ArtifactKey.IsValid(new string('a', 1024)).Should().BeTrue();
        ArtifactKey.IsValid(new string('a', 1025)).Should().BeFalse();
        ArtifactKey.IsValid(new string('é', 513)).Should().BeFalse("'é' takes two UTF-8 bytes");
    }

    [Theory]
    [InlineData("")]
    [InlineData("jobs/")]
    [InlineData("jobs/7f")]
    [InlineData("jobs/.")]
    [InlineData("jobs/..x")]
    public void A_prefix_may_be_empty_or_end_with_a_slash_or_a_partial_segment(string prefix)
    {
        FluentActions.Invoking(() => ArtifactKey.ValidatePrefix(prefix)).Should().NotThrow();
    }

    [Theory]
    [InlineData("/jobs")]
    [InlineData("jobs//x")]
    [InlineData("../jobs")]
    [InlineData("jobs\\")]
    public void A_prefix_that_no_key_could_start_with_is_refused(string prefix)
    {
        FluentActions.Invoking(() => ArtifactKey.ValidatePrefix(prefix)).Should().Throw<ArgumentException>()
            .WithMessage($"*'{prefix}'*").And.ParamName.Should().Be("prefix");
    }
}
