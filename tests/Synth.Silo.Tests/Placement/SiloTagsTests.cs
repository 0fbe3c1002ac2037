using System.Collections.Immutable;
using Orleans.Metadata;
using Synth.Grains.Placement;

namespace Synth.Silo.Tests.Placement;

public sealed class SiloTagsTests
{
    [Fact]
    public void Tags_are_trimmed_lower_cased_sorted_and_deduplicated()
    {
        SiloTags.Normalize([" GPU", "fast", "gpu", ""]).Should().Equal("fast", "gpu");
    }

    [Theory]
    [InlineData("gp u")]
    [InlineData("gpu,fast")]
    [InlineData("ünicode")]
    public void An_invalid_tag_is_refused_by_name(string tag)
    {
        var act = () => SiloTags.Normalize([tag]);

        act.Should().Throw<ArgumentException>().WithMessage($"*'{tag}'*");
    }

    [Fact]
    public void The_required_tags_travel_in_the_grain_type_properties()
    {
        var properties = new Dictionary<string, string>();
        new SiloTagsPlacement(["gpu", "fast"]).PopulateGrainProperties(null!, typeof(object), GrainType.Create("x"), properties);
        var resolved = new SiloTagsPlacement();

        resolved.Initialize(new GrainProperties(properties.ToImmutableDictionary(StringComparer.Ordinal)));

        resolved.Tags.Should().Equal("fast", "gpu");
    }

    [Fact]
    public void The_exception_names_every_missing_tag_and_how_to_provide_them()
    {
        var exception = new NoSiloWithTagsException(["fast", "gpu"], ["gpu"]);

        exception.Message.Should().Be("No live silo has the tag gpu; start one with --tags fast,gpu.");
    }
}
