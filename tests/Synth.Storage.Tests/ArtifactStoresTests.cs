using Microsoft.Extensions.Configuration;
using Synth.Storage.Azure;
using Synth.Storage.Local;
using Synth.Storage.S3;
using Synth.TestSupport;

namespace Synth.Storage.Tests;

/// <summary>Choosing and configuring a store from the <c>Synth:Artifacts</c> section, as a host binds it.</summary>
public sealed class ArtifactStoresTests
{
    [Fact]
    public void Without_configuration_the_store_is_local_under_synth_data()
    {
        var options = Bind([]);

        options.Kind.Should().Be(ArtifactStoreKind.Local);
        options.Local.RootDirectory.Should().Be(Path.Combine("synth-data", "artifacts"));
    }

    [Fact]
    public void Environment_variables_choose_and_configure_the_store()
    {
        // Real environment variables, under a prefix of this test's own so no other test sees them.
        var prefix = "SYNTH_TEST_" + Guid.NewGuid().ToString("N") + "_";
        var variables = new Dictionary<string, string>
        {
            ["Synth__Artifacts__Kind"] = "azure",
            ["Synth__Artifacts__Azure__AccountName"] = "acct",
            ["Synth__Artifacts__Azure__AccountKey"] = Convert.ToBase64String(new byte[32]),
            ["Synth__Artifacts__Azure__BlobEndpoint"] = "http://127.0.0.1:10000/acct",
            ["Synth__Artifacts__Azure__Container"] = "jobs",
            ["Synth__Artifacts__Azure__PageSize"] = "100",
        };
        foreach (var (name, value) in variables) Environment.SetEnvironmentVariable(prefix + name, value);
        try
        {
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables(prefix).Build();
            var options = configuration.GetSection(ArtifactStoreOptions.SectionName).Get<ArtifactStoreOptions>()!;

            options.Kind.Should().Be(ArtifactStoreKind.Azure);
            options.Azure.Should().BeEquivalentTo(new
            {
                AccountName = "acct",
                BlobEndpoint = new Uri("http://127.0.0.1:10000/acct"),
                Container = "jobs",
                PageSize = 100,
            });
            using var store = (AzureBlobArtifactStore)ArtifactStores.Create(options);
            store.Container.Should().Be("jobs");
        }
        finally
        {
            foreach (var name in variables.Keys) Environment.SetEnvironmentVariable(prefix + name, null);
        }
    }

    [Fact]
    public void Each_kind_makes_its_store()
    {
        using (var root = new TempDirectory("factory-"))
        {
            ArtifactStores.Create(Bind(new() { ["Kind"] = "local", ["Local:RootDirectory"] = root.Path }))
                .Should().BeOfType<LocalArtifactStore>().Which.RootDirectory.Should().Be(root.Path);
        }

        using (var azure = (IDisposable)ArtifactStores.Create(Bind(new() { ["Kind"] = "Azure", ["Azure:ConnectionString"] = "UseDevelopmentStorage=true" })))
            azure.Should().BeOfType<AzureBlobArtifactStore>();
        using (var s3 = (IDisposable)ArtifactStores.Create(Bind(new() { ["Kind"] = "S3", ["S3:Bucket"] = "artifacts", ["S3:ServiceUrl"] = "http://127.0.0.1:9000", ["S3:AccessKey"] = "a", ["S3:SecretKey"] = "b" })))
            s3.Should().BeOfType<S3ArtifactStore>().Which.Bucket.Should().Be("artifacts");
    }

    [Fact]
    public void Missing_azure_credentials_are_named_by_their_configuration_keys()
    {
        var create = () => ArtifactStores.Create(Bind(new() { ["Kind"] = "azure" }));

        create.Should().Throw<ArgumentException>()
            .WithMessage("*Synth:Artifacts:Azure:AccountName is missing*")
            .WithMessage("*Synth:Artifacts:Azure:AccountKey is missing*");
    }

    [Fact]
    public void Bad_azure_settings_are_each_named()
    {
        var create = () => ArtifactStores.Create(Bind(new()
        {
            ["Kind"] = "azure",
            ["Azure:AccountName"] = "acct",
            ["Azure:AccountKey"] = "not base64!",
            ["Azure:Container"] = "Bad_Name",
            ["Azure:BlockSize"] = "0",
            ["Azure:PageSize"] = "6000",
        }));

        create.Should().Throw<ArgumentException>()
            .WithMessage("*Synth:Artifacts:Azure:AccountKey is not base64*")
            .WithMessage("*Synth:Artifacts:Azure:Container 'Bad_Name' is not a container name*")
            .WithMessage("*Synth:Artifacts:Azure:BlockSize*")
            .WithMessage("*Synth:Artifacts:Azure:PageSize*");
    }

    [Fact]
    public void A_missing_bucket_and_half_a_key_pair_are_named()
    {
        var create = () => ArtifactStores.Create(Bind(new() { ["Kind"] = "s3", ["S3:AccessKey"] = "a" }));

        create.Should().Throw<ArgumentException>()
            .WithMessage("*Synth:Artifacts:S3:Bucket is missing*")
            .WithMessage("*Synth:Artifacts:S3:SecretKey is missing*");
    }

    [Fact]
    public void An_s3_part_size_below_the_services_minimum_is_refused()
    {
        var create = () => ArtifactStores.Create(Bind(new() { ["Kind"] = "s3", ["S3:Bucket"] = "b-1", ["S3:PartSize"] = "1048576" }));

        create.Should().Throw<ArgumentException>().WithMessage("*Synth:Artifacts:S3:PartSize must be between 5 MiB and 256 MiB*");
    }

    [Fact]
    public void A_missing_local_root_is_named()
    {
        var create = () => ArtifactStores.Create(Bind(new() { ["Kind"] = "local", ["Local:RootDirectory"] = "" }));

        create.Should().Throw<ArgumentException>().WithMessage("*Synth:Artifacts:Local:RootDirectory is missing*");
    }

    [Fact]
    public void An_unknown_kind_is_refused_by_the_binder_naming_the_key()
    {
        var bind = () => Bind(new() { ["Kind"] = "gcs" });

        bind.Should().Throw<InvalidOperationException>().WithMessage("*Synth:Artifacts:Kind*");
    }

    [Fact]
    public void The_account_key_never_appears_in_an_error()
    {
        const string key = "c2VjcmV0LWtleQ==";
        var create = () => ArtifactStores.Create(Bind(new() { ["Kind"] = "azure", ["Azure:ConnectionString"] = $"AccountKey={key};Broken" }));

        create.Should().Throw<ArgumentException>().Which.Message.Should().NotContain(key);
    }

    private static ArtifactStoreOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.ToDictionary(s => ArtifactStoreOptions.SectionName + ":" + s.Key, s => s.Value))
            .Build();
        return configuration.GetSection(ArtifactStoreOptions.SectionName).Get<ArtifactStoreOptions>() ?? new ArtifactStoreOptions();
    }
}
