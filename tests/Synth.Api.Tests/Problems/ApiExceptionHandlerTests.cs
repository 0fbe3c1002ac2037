using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Synth.Api.Problems;
using Synth.Grains.Placement;

namespace Synth.Api.Tests.Problems;

public sealed class ApiExceptionHandlerTests
{
    [Fact]
    public async Task A_grain_that_needs_a_tag_no_live_silo_has_is_a_503_problem_naming_the_tag()
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = new MemoryStream();
        var handler = new ApiExceptionHandler(services.GetRequiredService<IProblemDetailsService>(), NullLogger<ApiExceptionHandler>.Instance);

        var handled = await handler.TryHandleAsync(context, new NoSiloWithTagsException(["gpu"], ["gpu"]), CancellationToken.None);

        handled.Should().BeTrue();
        context.Response.StatusCode.Should().Be(StatusCodes.Status503ServiceUnavailable);
        context.Response.Body.Position = 0;
        var problem = await JsonDocument.ParseAsync(context.Response.Body);
        problem.RootElement.GetProperty("detail").GetString().Should().Contain("gpu");
    }
}
