using Synth.Grains.Access;
using Synth.TestSupport;

namespace Synth.Grains.Tests.Access;

/// <summary>API keys in the cluster's grain storage: the secret's hash verifies, nothing else does; revoking is for good; the directory lists them.</summary>
public sealed class ApiKeyGrainTests
{
    [Fact]
    public async Task A_key_verifies_its_own_secret_only_and_a_revoked_key_nothing()
    {
        await using var cluster = await SynthTestCluster.StartAsync();
        var (key, secret) = await ApiKeyIssuer.IssueAsync(cluster.Grains, "ci", SynthRoles.User, "ann");
        var (_, otherSecret) = ApiKeySecret.New();
        var grain = cluster.Grains.GetGrain<IApiKeyGrain>(key.Id);

        var verified = await grain.VerifyAsync(ApiKeySecret.Hash(secret));
        var wrong = await grain.VerifyAsync(ApiKeySecret.Hash(otherSecret));
        var revoked = await grain.RevokeAsync();
        var afterRevoke = await grain.VerifyAsync(ApiKeySecret.Hash(secret));

        ApiKeySecret.IdOf(secret).Should().Be(key.Id);
        verified.Should().Be(key);
        verified!.User.Should().Be("ann");
        wrong.Should().BeNull();
        revoked.Should().BeTrue();
        afterRevoke.Should().BeNull();
        (await cluster.Grains.GetGrain<IApiKeyDirectoryGrain>(IApiKeyDirectoryGrain.Key).ListAsync())
            .Should().ContainSingle(k => k.Id == key.Id).Which.RevokedAt.Should().NotBeNull();
    }

    [Fact]
    public async Task Bad_requests_name_each_field_and_a_key_id_is_made_once()
    {
        await using var cluster = await SynthTestCluster.StartAsync();

        var bad = () => ApiKeyIssuer.IssueAsync(cluster.Grains, " ", "root", "x\u0001");
        var (key, _) = await ApiKeyIssuer.IssueAsync(cluster.Grains, "ops", SynthRoles.Admin, null);
        var again = () => cluster.Grains.GetGrain<IApiKeyGrain>(key.Id).CreateAsync(new NewApiKey("ops", SynthRoles.Admin, "ops", ApiKeySecret.Hash("x")));

        (await bad.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("name: ").And.Contain("role: ").And.Contain("user: ");
        key.User.Should().Be("ops", "a key acts as its name unless told otherwise");
        (await again.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("exists already");
        (await cluster.Grains.GetGrain<IApiKeyGrain>("k" + new string('0', 20)).RevokeAsync()).Should().BeFalse();
    }

    [Theory]
    [InlineData("")]
    [InlineData("sk_")]
    [InlineData("sk_k0123456789abcdef0123_short")]
    [InlineData("sk_K0123456789ABCDEF0123_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("pk_k0123456789abcdef0123_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Text_that_is_not_of_the_secrets_form_names_no_key(string text) => ApiKeySecret.IdOf(text).Should().BeNull();
}
