using Synth.Api.Access;
using Synth.Api.Hosting;
using Synth.Api.Tests.TestSupport;
using Synth.Cli.Hosting;

namespace Synth.Api.Tests.Access;

/// <summary>Choosing the mode: none only on loopback; a mode's missing settings are named at start-up; the caller's view of ownership.</summary>
public sealed class AuthModeTests
{
    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.0.0.5", true)]
    [InlineData("::1", true)]
    [InlineData("localhost", true)]
    [InlineData("0.0.0.0", false)]
    [InlineData("*", false)]
    [InlineData("10.1.2.3", false)]
    public void Only_loopback_addresses_count_as_loopback(string host, bool loopback) =>
        new ListenAddress(host, 8000).IsLoopback.Should().Be(loopback);

    [Theory]
    [InlineData("*")]
    [InlineData("0.0.0.0")]
    public void Mode_none_on_an_address_other_machines_reach_is_refused_naming_the_option(string host)
    {
        using var data = new TempDirectory();

        var build = () => SynthServer.BuildEmbedded(new SynthServerOptions { Host = host, Port = 0, DataDirectory = data.Path, Auth = "none" });

        build.Should().Throw<ArgumentException>().Which.Message.Should().StartWith("--auth none: only while listening on loopback");
    }

    [Fact]
    public async Task A_mode_without_its_settings_is_refused_at_start_naming_each()
    {
        using var data = new TempDirectory();
        await using var app = SynthServer.BuildEmbedded(new SynthServerOptions { Port = 0, DataDirectory = data.Path, Auth = "jwt" });

        var start = () => app.StartAsync();

        var failures = (await start.Should().ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>()).Which.Failures;
        failures.Should().Contain(f => f.StartsWith("Synth:Auth:Jwt:Issuer", StringComparison.Ordinal))
            .And.Contain(f => f.StartsWith("Synth:Auth:Jwt:SigningKey", StringComparison.Ordinal));
    }

    [Fact]
    public void A_user_sees_only_their_own_an_admin_everything_and_the_anonymous_admin_owns_nothing()
    {
        var ann = new Caller("ann", IsAdmin: false);
        var admin = new Caller("root", IsAdmin: true);
        var anonymous = new Caller(null, IsAdmin: true);

        ann.CanSee("ann").Should().BeTrue();
        ann.CanSee("bob").Should().BeFalse();
        ann.CanSee(null).Should().BeFalse("what mode none created is nobody's: admins only");
        admin.CanSee("bob").Should().BeTrue();
        admin.ActingFor("bob").Should().Be("bob");
        ann.ActingFor("bob").Should().Be("ann");
        ann.ListingOwner.Should().Be("ann");
        admin.ListingOwner.Should().BeNull();
        anonymous.UsageKey.Should().NotBe(new Caller("-", false).UsageKey, "no user name can stand for the anonymous admin");
    }
}
