using Synth.Core.Datasets;

namespace Synth.Grains.Serialization;

// The engine types that travel in grain calls and state, one converter each.

[RegisterConverter]
public sealed class DomainSpecConverter : JsonSurrogateConverter<DomainSpec>;

[RegisterConverter]
public sealed class DatasetProfileConverter : JsonSurrogateConverter<DatasetProfile>;

[RegisterConverter]
public sealed class PublicRangeConverter : JsonSurrogateConverter<PublicRange>;

[RegisterConverter]
public sealed class DomainDerivationSpendConverter : JsonSurrogateConverter<DomainDerivationSpend>;
