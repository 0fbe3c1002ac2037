using Synth.Storage.Composition;
using Synth.Storage.Local;
using Synth.TestSupport;

namespace Synth.Storage.Tests.Composition;

public sealed class ArtifactManifestTests
{
    private static readonly ArtifactManifest s_manifest = new(
        [new("jobs/7f3c/part-00000.csv", 1200), new("jobs/7f3c/part-00001.csv", 0), new("jobs/7f3c/part-00002.csv", 34)],
        "text/csv", "people.csv");

    [Fact]
    public void The_total_length_is_the_sum_of_the_parts()
    {
        s_manifest.TotalLength.Should().Be(1234);
    }

    [Fact]
    public void A_copy_with_other_parts_has_their_total()
    {
        var copy = s_manifest with { Parts = [new("jobs/7f3c/part-00000.csv", 10)] };

        copy.TotalLength.Should().Be(10);
        FluentActions.Invoking(() => s_manifest with { Parts = [new("a", -1)] }).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Json_round_trips_every_field()
    {
        var read = ArtifactManifest.FromJson(s_manifest.ToJson());

        read.Parts.Should().Equal(s_manifest.Parts);
        read.ContentType.Should().Be("text/csv");
        read.FileName.Should().Be("people.csv");
        read.TotalLength.Should().Be(1234);
    }

    [Fact]
    public void The_json_names_its_fields_in_camel_case_and_states_the_total()
    {
        var json = s_manifest.ToJson();

        json.Should().Contain("\"parts\"").And.Contain("\"key\": \"jobs/7f3c/part-00000.csv\"").And.Contain("\"length\": 1200")
            .And.Contain("\"contentType\": \"text/csv\"").And.Contain("\"fileName\": \"people.csv\"").And.Contain("\"totalLength\": 1234");
    }

    [Theory]
    [InlineData("not json", "*not valid JSON*")]
    [InlineData("null", "*empty*")]
    [InlineData("""{"contentType":"text/csv","fileName":"a.csv"}""", "*no 'parts'*")]
    [InlineData("""{"parts":[],"fileName":"a.csv"}""", "*no 'contentType'*")]
    [InlineData("""{"parts":[],"contentType":"text/csv"}""", "*no 'fileName'*")]
    [InlineData("""{"parts":[{"key":"../x","length":1}],"contentType":"text/csv","fileName":"a.csv"}""", "*parts[0]*key*")]
    [InlineData("""{"parts":[{"length":1}],"contentType":"text/csv","fileName":"a.csv"}""", "*parts[0]*key*")]
    [InlineData("""{"parts":[{"key":"a","length":-1}],"contentType":"text/csv","fileName":"a.csv"}""", "*parts[0]*'a'*negative*")]
    [InlineData("""{"parts":[{"key":"a","length":5}],"contentType":"text/csv","fileName":"a.csv","totalLength":6}""", "*totalLength 6*sum*(5)*")]
    public void Bad_json_is_refused_with_what_is_wrong(string json, string message)
    {
        FluentActions.Invoking(() => ArtifactManifest.FromJson(json)).Should().Throw<FormatException>().WithMessage(message);
    }

    [Fact]
    public void A_part_with_a_negative_length_cannot_be_listed()
    {
        FluentActions.Invoking(() => new ArtifactManifest([new("a", -1)], "text/csv", "a.csv")).Should().Throw<ArgumentException>().WithMessage("*'a'*negative*");
    }

    [Fact]
    public async Task A_saved_manifest_loads_back_from_the_store_and_a_missing_one_is_null()
    {
        using var root = new TempDirectory("manifest-");
        var store = new LocalArtifactStore(root.Path);

        var info = await s_manifest.SaveAsync(store, "jobs/7f3c/manifest.json");
        var loaded = await ArtifactManifest.LoadAsync(store, "jobs/7f3c/manifest.json");

        info.Length.Should().BeGreaterThan(0);
        loaded!.Parts.Should().Equal(s_manifest.Parts);
        loaded.TotalLength.Should().Be(1234);
        (await ArtifactManifest.LoadAsync(store, "jobs/none/manifest.json")).Should().BeNull();
    }
}
