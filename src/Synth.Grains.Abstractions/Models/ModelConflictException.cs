namespace Synth.Grains.Models;

/// <summary>Thrown when a request conflicts with the model's state, e.g. sampling a model still fitting (HTTP 409).</summary>
[GenerateSerializer, Alias("synth.models.ModelConflictException")]
public sealed class ModelConflictException(string message) : Exception(message);
