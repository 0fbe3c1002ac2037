using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Synth.Api.Problems;

/// <summary>The API's error answers, all problem+json (RFC 9457) with a detail a user can act on.</summary>
internal static class ApiProblems
{
    public static ProblemHttpResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, detail);

    public static ProblemHttpResult Conflict(string detail) => Problem(StatusCodes.Status409Conflict, detail);

    /// <summary>
    /// A spend the privacy budget refused (409): <paramref name="detail"/> says what was asked, and
    /// the problem carries what remains, as ε at the budget's δ and as ρ.
    /// </summary>
    public static ProblemHttpResult BudgetRefused(string detail, double remainingRho, double delta)
    {
        var problem = new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "The privacy budget does not allow this.", Detail = detail };
        problem.Extensions["remainingEpsilon"] = RemainingEpsilon(remainingRho, delta);
        problem.Extensions["remainingRho"] = remainingRho;
        return TypedResults.Problem(problem);
    }

    public static double RemainingEpsilon(double remainingRho, double delta) =>
        remainingRho > 0 ? Synth.Core.Privacy.Accounting.Zcdp.EpsilonFromRho(remainingRho, delta) : 0;

    /// <summary>400 from the "field: problem" lines that Synth.Core and the grains throw (as <see cref="ArgumentException"/>) to name a bad field.</summary>
    public static ProblemHttpResult FromFieldProblems(string message, int status = StatusCodes.Status400BadRequest, string? title = null)
    {
        var errors = new ValidationErrors();
        foreach (var line in message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            if (colon > 0) errors.Add(line[..colon], line[(colon + 2)..]);
            else errors.Add("body", line);
        }
        return Invalid(errors, status, title: title);
    }

    public static ProblemHttpResult TooLarge(string detail) => Problem(StatusCodes.Status413PayloadTooLarge, detail);

    public static ProblemHttpResult Problem(int status, string detail) =>
        TypedResults.Problem(new ProblemDetails { Status = status, Detail = detail });

    /// <summary>
    /// 400 (bad request fields, keyed by field name) or 422 (a schema that cannot be used, keyed by
    /// its JSON paths): every problem at once, in an <c>errors</c> map, as ASP.NET Core's validation problems.
    /// </summary>
    public static ProblemHttpResult Invalid(IReadOnlyDictionary<string, List<string>> errors, int status = StatusCodes.Status400BadRequest, string? detail = null,
        string? title = null)
    {
        var problem = new HttpValidationProblemDetails(errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal))
        {
            Status = status,
            Detail = detail ?? Describe(errors),
        };
        if (status == StatusCodes.Status422UnprocessableEntity) problem.Title = title ?? "The schema cannot be used.";
        return TypedResults.Problem(problem);
    }

    public static ProblemHttpResult Invalid(string field, string message, int status = StatusCodes.Status400BadRequest) =>
        Invalid(new Dictionary<string, List<string>> { [field] = [message] }, status);

    /// <summary>The problems as one line, so a client that only shows <c>detail</c> still names every field.</summary>
    private static string Describe(IReadOnlyDictionary<string, List<string>> errors) =>
        string.Join("; ", errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")));
}
