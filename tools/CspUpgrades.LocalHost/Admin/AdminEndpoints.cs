using System.Net;
using System.Text.Json;
using CspUpgrades.LocalHost.App;
using CspUpgrades.LocalHost.Invocations;
using CspUpgrades.LocalHost.Worker;

namespace CspUpgrades.LocalHost.Admin;

/// <summary>
/// The parts of the Functions host's admin API a developer or a test needs, loopback callers only (the Functions
/// host asks for the master key instead): <c>POST /admin/functions/{name}</c> with <c>{"input": "..."}</c> fires a
/// queue or timer function now (202); <c>GET /admin/host/status</c>; <c>GET /admin/functions</c>.
/// </summary>
internal static class AdminEndpoints
{
    public static void MapAdmin(
        this IEndpointRouteBuilder endpoints, FunctionApp app, IReadOnlyDictionary<string, IManualTrigger> triggers, WorkerSupervisor supervisor, ILogger logger)
    {
        var admin = endpoints.MapGroup("/admin").AddEndpointFilter(async (context, next) =>
            context.HttpContext.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address)
                ? await next(context)
                : Results.StatusCode(StatusCodes.Status403Forbidden));

        admin.MapPost("/functions/{name}", async (string name, HttpRequest request) =>
        {
            var function = app.Find(name);
            if (function is null)
            {
                return Results.NotFound();
            }

            if (app.IsDisabled(function))
            {
                return Results.Conflict(new { error = $"'{function.Name}' is disabled (AzureWebJobs.{function.Name}.Disabled)." });
            }

            if (!triggers.TryGetValue(function.Name, out var trigger))
            {
                return Results.BadRequest(new { error = $"'{function.Name}' is an HTTP function: call it on its route." });
            }

            string? input = null;
            if (request.ContentLength is not 0)
            {
                try
                {
                    using var body = await JsonDocument.ParseAsync(request.Body);
                    if (body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("input", out var value))
                    {
                        input = value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
                    }
                }
                catch (JsonException)
                {
                    return Results.BadRequest(new { error = "The body is JSON: {\"input\": \"...\"}." });
                }
            }

            HostLog.AdminInvoked(logger, function.Name);
            trigger.FireNow(input);
            return Results.Accepted();
        });

        admin.MapGet("/host/status", () =>
        {
            var worker = supervisor.Current;
            return Results.Json(new
            {
                state = worker is null ? "Starting" : "Running",
                workerProcessId = worker?.Worker.ProcessId,
                workerInProcess = worker?.Worker is InProcessWorker,
                workerRestarts = supervisor.Restarts,
                functions = app.Functions.Count,
            });
        });

        admin.MapGet("/functions", () => Results.Json(app.Functions.Select(f => new
        {
            name = f.Name,
            trigger = f.Trigger switch
            {
                HttpTrigger http => $"http {(http.Methods.Count == 0 ? "*" : string.Join(',', http.Methods))} /{Combine(app.Host.RoutePrefix, http.Route)}",
                QueueTrigger queue => $"queue {queue.QueueName} ({queue.ConnectionName})",
                TimerTrigger timer => $"timer {timer.Schedule.Expression}{(timer.RunOnStartup ? " runOnStartup" : string.Empty)}",
                _ => "?",
            },
        })));
    }

    public static string Combine(string prefix, string route) => string.IsNullOrEmpty(prefix) ? route : $"{prefix}/{route}";
}
