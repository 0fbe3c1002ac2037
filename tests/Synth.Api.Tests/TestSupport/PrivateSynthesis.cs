using System.Net;
using System.Text;
using System.Text.Json;

namespace Synth.Api.Tests.TestSupport;

/// <summary>Driving private synthesis as a client would: upload a table, confirm its domain, fit, sample.</summary>
public static class PrivateSynthesis
{
    /// <summary>Generous: a safety net against a hang, not a performance expectation.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    /// <summary>A small table with an identifier and related columns (education and income go together).</summary>
    public static string People(int rows) =>
        "id,sex,age,education,income\n" + string.Join("\n", Enumerable.Range(0, rows).Select(i =>
        {
            var education = (i * 7 % 10) switch { < 5 => "school", < 8 => "college", _ => "doctorate" };
            var income = (education == "school" ? i % 5 == 0 : i % 3 != 0) ? ">50K" : "<=50K";
            return $"{i + 1000},{(i % 3 == 0 ? "F" : "M")},{18 + i * 13 % 60},{education},{income}";
        })) + "\n";

    /// <summary>Uploads <paramref name="csv"/> with a budget of (ε, δ) and returns the dataset id.</summary>
    public static async Task<string> UploadAsync(HttpClient client, string csv, double epsilon = 1, double delta = 1e-9)
    {
        var response = await client.PostAsync(FormattableString.Invariant($"/datasets?name=people&epsilon={epsilon}&delta={delta}"), new StringContent(csv, Encoding.UTF8, "text/csv"));
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("dataset").GetProperty("id").GetString()!;
    }

    /// <summary>Confirms the draft domain as it is (or <paramref name="domain"/>).</summary>
    public static async Task ConfirmDomainAsync(HttpClient client, string datasetId, string? domain = null)
    {
        domain ??= await client.GetStringAsync($"/datasets/{datasetId}/domain");
        var response = await client.PutAsync($"/datasets/{datasetId}/domain", new StringContent(domain, Encoding.UTF8, "application/json"));
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    public static async Task<string> ReadyDatasetAsync(HttpClient client, int rows = 300, double epsilon = 1)
    {
        var id = await UploadAsync(client, People(rows), epsilon);
        await ConfirmDomainAsync(client, id);
        return id;
    }

    /// <summary>Posts a fit, expects 202, returns (model id, job id).</summary>
    public static async Task<(string Model, string Job)> FitAsync(HttpClient client, string datasetId, object body)
    {
        var response = await client.PostJsonAsync($"/datasets/{datasetId}/fits", body);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.Accepted, text);
        var accepted = JsonDocument.Parse(text).RootElement;
        return (accepted.GetProperty("model").GetProperty("id").GetString()!, accepted.GetProperty("job").GetProperty("id").GetString()!);
    }

    /// <summary>A fast fit: few mirror-descent iterations (the tests check the plumbing, not the model's quality).</summary>
    public static object QuickMst(double epsilon = 0.5, ulong? seed = null) =>
        new { method = "mst", epsilon, seed, options = new { mst = new { selectionIterations = 50, finalIterations = 100 } } };

    public static async Task<JsonElement> BudgetAsync(HttpClient client, string datasetId) =>
        await (await client.GetAsync($"/datasets/{datasetId}/budget")).ReadJsonAsync();

    public static async Task<JsonElement> ModelAsync(HttpClient client, string modelId) =>
        await (await client.GetAsync($"/models/{modelId}")).ReadJsonAsync();

    /// <summary>Polls the job until its progress satisfies <paramref name="condition"/>, and returns it.</summary>
    public static async Task<JsonElement> WaitForJobAsync(HttpClient client, string jobId, Func<JsonElement, bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var job = await (await client.GetAsync($"/jobs/{jobId}")).ReadJsonAsync();
            if (condition(job)) return job;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"job {jobId}: {job}");
            await Task.Delay(50);
        }
    }

    /// <summary>Polls the model until its status is <paramref name="status"/> (the job tells it right after it ends).</summary>
    public static async Task<JsonElement> WaitForModelAsync(HttpClient client, string modelId, string status)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var model = await ModelAsync(client, modelId);
            if (model.GetProperty("status").GetString() == status) return model;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"model {modelId}: {model}");
            await Task.Delay(50);
        }
    }

    public static async Task<byte[]> DownloadAsync(HttpClient client, string jobId)
    {
        var response = await client.GetAsync($"/jobs/{jobId}/download");
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadAsByteArrayAsync();
    }
}
