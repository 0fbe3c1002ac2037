namespace Synth.Grains.Datasets;

/// <summary>Thrown when a request conflicts with the dataset's state, e.g. a fit before its domain is confirmed (HTTP 409).</summary>
[GenerateSerializer, Alias("synth.datasets.DatasetConflictException")]
public sealed class DatasetConflictException(string message) : Exception(message);
