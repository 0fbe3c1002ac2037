using System.Net;
using System.Text.Json;

namespace Synth.Api.Tests.TestSupport;

/// <summary>Submitting jobs and waiting for them, as a client of the API would.</summary>
public static class Jobs
{
    /// <summary>Generous: a safety net against a hang, not a performance expectation.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    public static async Task<string> SubmitAsync(HttpClient client, object body, string? idempotencyKey = null)
    {
        var response = await client.PostJsonAsync("/jobs", body, idempotencyKey);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.Accepted, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Polls the job until its status is final and returns it.</summary>
    public static async Task<JsonElement> WaitForFinalAsync(HttpClient client, string id)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var job = await (await client.GetAsync($"/jobs/{id}")).ReadJsonAsync();
            if (job.GetProperty("status").GetString() is "Succeeded" or "Failed" or "Cancelled") return job;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"job {id} did not finish: {job}");
            await Task.Delay(100);
        }
    }

    public static async Task<JsonElement> RunToSuccessAsync(HttpClient client, object body)
    {
        var id = await SubmitAsync(client, body);
        var job = await WaitForFinalAsync(client, id);
        job.GetProperty("status").GetString().Should().Be("Succeeded", job.ToString());
        return job;
    }
}
