using CspUpgrades.Functions.Settings;
using Microsoft.Azure.Functions.Worker;

namespace CspUpgrades.Functions.AuditBlockedUpgrades;

/// <summary>Timer (NCRONTAB from the <c>AuditSchedule</c> setting, daily at 02:00 UTC by default).</summary>
public sealed partial class AuditBlockedUpgradesFunction(AuditBlockedUpgradesHandler handler, ILogger<AuditBlockedUpgradesFunction> logger)
{
    [Function(nameof(AuditBlockedUpgrades))]
    public async Task AuditBlockedUpgrades([TimerTrigger("%" + AppSettings.AuditSchedule + "%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var summary = await handler.RunAsync(cancellationToken);
        LogAudited(logger, summary.RunId, summary.Customers, summary.Findings);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit {RunId}: {Customers} customers, {Findings} blocked upgrades")]
    private static partial void LogAudited(ILogger logger, string runId, int customers, int findings);
}
