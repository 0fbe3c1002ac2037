namespace Synth.Api.Problems;

/// <summary>Declares an endpoint's problem answers in the OpenAPI document (a ProblemHttpResult in its Results union says no status).</summary>
internal static class ProblemMetadata
{
    public static RouteHandlerBuilder WithProblems(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            if (status is StatusCodes.Status400BadRequest or StatusCodes.Status422UnprocessableEntity) builder.ProducesValidationProblem(status);
            else builder.ProducesProblem(status);
        }
        return builder;
    }
}
