using Synth.Grains.Jobs;
using Synth.Grains.Models;

namespace Synth.Api.Models;

/// <summary>Answer of <c>POST /datasets/{id}/fits</c>: the model being fitted and its fit job.</summary>
public sealed record FitAccepted(ModelInfo Model, JobInfo Job);
