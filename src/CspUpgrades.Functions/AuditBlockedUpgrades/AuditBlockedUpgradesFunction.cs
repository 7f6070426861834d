using CspUpgrades.Functions.Hosting;

namespace CspUpgrades.Functions.AuditBlockedUpgrades;

/// <summary>Timer (NCRONTAB from the <c>AuditSchedule</c> setting, daily at 02:00 UTC by default) → POST /AuditBlockedUpgrades.</summary>
public static class AuditBlockedUpgradesFunction
{
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
