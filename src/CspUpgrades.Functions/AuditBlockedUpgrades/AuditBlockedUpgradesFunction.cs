using CspUpgrades.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;

namespace CspUpgrades.Functions.AuditBlockedUpgrades;

/// <summary>Timer (NCRONTAB from the <c>AuditSchedule</c> setting, daily at 02:00 UTC by default) → POST /AuditBlockedUpgrades.</summary>
public sealed partial class AuditBlockedUpgradesFunction(AuditBlockedUpgradesHandler handler, ILogger<AuditBlockedUpgradesFunction> logger)
{
    [Function(nameof(FunctionManifest.AuditBlockedUpgrades))]
    public async Task AuditBlockedUpgrades([TimerTrigger("%" + FunctionManifest.AuditScheduleSetting + "%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var summary = await handler.RunAsync(cancellationToken);
        LogAudited(logger, summary.RunId, summary.Customers, summary.Findings);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit {RunId}: {Customers} customers, {Findings} blocked upgrades")]
    private static partial void LogAudited(ILogger logger, string runId, int customers, int findings);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapInvokedFunction(FunctionManifest.AuditBlockedUpgrades, async (invocation, services, cancellationToken) =>
        {
            var summary = await services.GetRequiredService<AuditBlockedUpgradesHandler>().RunAsync(cancellationToken);
            return new InvocationResponse
            {
                Logs = [$"Audit {summary.RunId}: {summary.Customers} customers, {summary.Findings} blocked upgrades"],
                ReturnValue = summary,
            };
        });
}
