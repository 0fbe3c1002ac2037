using Synth.Storage.Azure;

namespace Synth.Storage.Tests.Azure;

public sealed class AzureStorageConnectionStringTests
{
    private const string Key = "a2V5LWJ5dGVzLWhlcmU=";

    [Fact]
    public void A_blob_endpoint_is_taken_as_given()
    {
        var parsed = AzureStorageConnectionString.Parse(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;", "cs");

        parsed.Should().Be(new AzureStorageConnectionString("devstoreaccount1", Key, new Uri("http://127.0.0.1:10000/devstoreaccount1")));
    }

    [Fact]
    public void Without_a_blob_endpoint_it_is_built_from_the_protocol_account_and_suffix()
    {
        AzureStorageConnectionString.Parse($"DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={Key};EndpointSuffix=core.chinacloudapi.cn", "cs")
            .BlobEndpoint.Should().Be(new Uri("https://acct.blob.core.chinacloudapi.cn"));
        AzureStorageConnectionString.Parse($"AccountName=acct;AccountKey={Key}", "cs")
            .BlobEndpoint.Should().Be(new Uri("https://acct.blob.core.windows.net"));
    }

    [Fact]
    public void Names_are_case_insensitive_and_the_key_keeps_its_trailing_equals_signs()
    {
        AzureStorageConnectionString.Parse($"accountname=acct; accountkey={Key} ;", "cs").AccountKey.Should().Be(Key);
    }

    [Fact]
    public void Development_storage_is_azurite_on_its_default_port()
    {
        var parsed = AzureStorageConnectionString.Parse("UseDevelopmentStorage=true", "cs");

        parsed.AccountName.Should().Be("devstoreaccount1");
        parsed.BlobEndpoint.Should().Be(new Uri("http://127.0.0.1:10000/devstoreaccount1"));
    }

    [Theory]
    [InlineData("AccountName=acct", "*Synth:Artifacts:Azure:ConnectionString has no AccountKey*")]
    [InlineData("AccountKey=a2V5", "*has no AccountName*")]
    [InlineData("AccountName=acct;AccountKey=a2V5;BlobEndpoint=not a uri", "*BlobEndpoint 'not a uri' is not an absolute URI*")]
    [InlineData("AccountName=acct;SharedAccessSignature=sv=2020", "*shared access signatures are not supported*")]
    [InlineData("AccountName=acct;garbage", "*'garbage' is not a key=value pair*")]
    public void A_bad_connection_string_is_refused_naming_the_setting_and_the_problem(string connectionString, string message)
    {
        FluentActions.Invoking(() => AzureStorageConnectionString.Parse(connectionString, "Synth:Artifacts:Azure:ConnectionString"))
            .Should().Throw<ArgumentException>().WithMessage(message);
    }
}
