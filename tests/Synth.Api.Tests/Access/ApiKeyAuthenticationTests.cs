using System.Net;
using Synth.Api.Tests.TestSupport;

namespace Synth.Api.Tests.Access;

/// <summary>Mode keys: a key works as <c>Authorization: Bearer</c> or <c>X-Api-Key</c>; a malformed, unknown or revoked one is a 401 that says so.</summary>
public sealed class ApiKeyAuthenticationTests(TestUsersFactory factory) : IClassFixture<TestUsersFactory>
{
    [Fact]
    public async Task A_key_works_as_a_bearer_token_and_as_X_Api_Key_and_names_its_user()
    {
        var secret = factory.SecretFor("carol", "user");
        var asHeader = factory.CreateClient();
        asHeader.DefaultRequestHeaders.Add("X-Api-Key", secret);

        var bearer = await (await factory.WithKey(secret).GetAsync("/me/usage")).ReadJsonAsync();
        var header = await (await asHeader.GetAsync("/me/usage")).ReadJsonAsync();

        bearer.GetProperty("user").GetString().Should().Be("carol");
        bearer.GetProperty("role").GetString().Should().Be("user");
        header.GetProperty("user").GetString().Should().Be("carol");
    }

    [Fact]
    public async Task No_credential_is_a_401_problem_with_a_bearer_challenge_naming_the_headers()
    {
        var response = await factory.CreateClient().GetAsync("/jobs");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().Should().Be("Bearer");
        problem.GetProperty("detail").GetString().Should().Contain("Authorization: Bearer sk_").And.Contain("X-Api-Key");
    }

    [Theory]
    [InlineData("not-a-key", "the API key is not of the form sk_…")]
    [InlineData("sk_k00000000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "the API key is unknown or revoked")]
    public async Task A_malformed_or_unknown_key_is_a_401_that_says_why(string key, string why)
    {
        var problem = await (await factory.WithKey(key).GetAsync("/jobs")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        problem.GetProperty("detail").GetString().Should().Be($"authentication failed: {why}");
    }

    [Fact]
    public async Task A_revoked_key_is_refused_at_once_and_stays_listed_as_revoked()
    {
        var admin = factory.AdminClient();
        var created = await (await admin.PostJsonAsync("/keys", new { name = "short-lived", role = "user", user = "dave" })).ReadJsonAsync();
        var secret = created.GetProperty("secret").GetString()!;
        var id = created.GetProperty("key").GetProperty("id").GetString()!;
        (await factory.WithKey(secret).GetAsync("/jobs")).StatusCode.Should().Be(HttpStatusCode.OK);

        (await admin.DeleteAsync($"/keys/{id}")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var problem = await (await factory.WithKey(secret).GetAsync("/jobs")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        problem.GetProperty("detail").GetString().Should().Contain("unknown or revoked");
        var keys = (await (await admin.GetAsync("/keys")).ReadJsonAsync()).GetProperty("keys").EnumerateArray().ToList();
        var listed = keys.Single(k => k.GetProperty("id").GetString() == id);
        listed.GetProperty("revokedAt").ValueKind.Should().Be(System.Text.Json.JsonValueKind.String);
        listed.GetProperty("user").GetString().Should().Be("dave");
        keys.Select(k => k.ToString()).Should().NotContain(k => k.Contains(secret, StringComparison.Ordinal), "a listing never shows a secret");
    }

    [Fact]
    public async Task Bad_key_requests_name_each_field_and_create_nothing()
    {
        var admin = factory.AdminClient();
        var before = (await (await admin.GetAsync("/keys")).ReadJsonAsync()).GetProperty("keys").GetArrayLength();

        var problem = await (await admin.PostJsonAsync("/keys", new { name = "", role = "root", user = new string('u', 101) })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var badId = await (await admin.DeleteAsync("/keys/k123")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var unknown = await (await admin.DeleteAsync("/keys/k00000000000000000000")).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        problem.ErrorsOf("name").Should().ContainSingle().Which.Should().Contain("required");
        problem.ErrorsOf("role").Should().ContainSingle().Which.Should().Contain("'root'");
        problem.ErrorsOf("user").Should().ContainSingle().Which.Should().Contain("100");
        badId.ErrorsOf("id").Should().ContainSingle();
        unknown.GetProperty("detail").GetString().Should().Be("no key has id k00000000000000000000");
        (await (await admin.GetAsync("/keys")).ReadJsonAsync()).GetProperty("keys").GetArrayLength().Should().Be(before);
    }

    [Fact]
    public async Task The_OpenAPI_document_needs_no_credential_and_declares_the_bearer_scheme()
    {
        var document = await (await factory.CreateClient().GetAsync("/openapi/v1.json")).ReadJsonAsync();

        document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString().Should().Be("bearer");
        document.GetProperty("security")[0].TryGetProperty("bearer", out _).Should().BeTrue();
    }
}
