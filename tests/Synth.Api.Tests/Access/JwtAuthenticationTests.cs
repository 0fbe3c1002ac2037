using System.Net;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Synth.Api.Tests.TestSupport;

namespace Synth.Api.Tests.Access;

/// <summary>Mode jwt: tokens of the configured issuer and audience, signed with the configured key, name the user (sub) and their roles (role).</summary>
public sealed class JwtAuthenticationTests(JwtAuthenticationTests.JwtFactory factory) : IClassFixture<JwtAuthenticationTests.JwtFactory>
{
    private const string Issuer = "https://login.example.test";
    private const string Audience = "synth";
    private const string SigningKey = "a test signing key of at least thirty-two bytes";

    public sealed class JwtFactory : SynthApiFactory
    {
        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
        {
            ["Synth:Auth:Mode"] = "jwt",
            ["Synth:Auth:Jwt:Issuer"] = Issuer,
            ["Synth:Auth:Jwt:Audience"] = Audience,
            ["Synth:Auth:Jwt:SigningKey"] = SigningKey,
        };
    }

    [Fact]
    public async Task A_valid_token_names_the_user_and_its_role_claim_makes_an_admin()
    {
        var user = await (await Client(Token(new() { ["sub"] = "erin", ["role"] = "user" })).GetAsync("/me/usage")).ReadJsonAsync();
        var keysAsUser = await Client(Token(new() { ["sub"] = "erin", ["role"] = "user" })).GetAsync("/keys");
        var keysAsAdmin = await Client(Token(new() { ["sub"] = "root", ["role"] = new[] { "user", "admin" } })).GetAsync("/keys");

        user.GetProperty("user").GetString().Should().Be("erin");
        keysAsUser.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        keysAsAdmin.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Owners_hold_across_tokens_another_users_job_is_a_404()
    {
        var erin = Client(Token(new() { ["sub"] = "erin" }));
        var frank = Client(Token(new() { ["sub"] = "frank" }));
        var job = await TestSupport.Jobs.SubmitAsync(erin, new { schemaText = TestSchemas.Seed, rows = 10 });

        (await erin.GetAsync($"/jobs/{job}")).StatusCode.Should().Be(HttpStatusCode.OK);
        await (await frank.GetAsync($"/jobs/{job}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    public static TheoryData<string, string> BadTokens => new()
    {
        { "another issuer", Token(new() { ["sub"] = "erin" }, issuer: "https://elsewhere.test") },
        { "another audience", Token(new() { ["sub"] = "erin" }, audience: "not-synth") },
        { "another signing key", Token(new() { ["sub"] = "erin" }, key: "some other key that is also thirty-two bytes long") },
        { "expired", Token(new() { ["sub"] = "erin" }, expires: DateTime.UtcNow.AddMinutes(-10)) },
        { "no subject", Token(new() { ["role"] = "admin" }) },
        { "not a token", "abc.def.ghi" },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_token_that_does_not_hold_is_a_401_problem(string why, string token)
    {
        var problem = await (await Client(token).GetAsync("/jobs")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        problem.GetProperty("detail").GetString().Should().StartWith("authentication", why);
    }

    private HttpClient Client(string token)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static string Token(Dictionary<string, object> claims, string issuer = Issuer, string audience = Audience, string key = SigningKey, DateTime? expires = null) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            NotBefore = (expires ?? DateTime.UtcNow.AddMinutes(10)).AddMinutes(-30),
            IssuedAt = (expires ?? DateTime.UtcNow.AddMinutes(10)).AddMinutes(-30),
            Expires = expires ?? DateTime.UtcNow.AddMinutes(10),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
        });
}
