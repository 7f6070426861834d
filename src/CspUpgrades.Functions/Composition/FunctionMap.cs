using CspUpgrades.Functions.AddLicenses;
using CspUpgrades.Functions.AuditBlockedUpgrades;
using CspUpgrades.Functions.CheckUpgradeEligibility;
using CspUpgrades.Functions.ExecuteUpgrade;
using CspUpgrades.Functions.FailPoisonedUpgrade;
using CspUpgrades.Functions.GetAuditReport;
using CspUpgrades.Functions.GetUpgradeOperation;
using CspUpgrades.Functions.Hosting;
using CspUpgrades.Functions.ReceiveSubscriptionEvent;
using CspUpgrades.Functions.RequestUpgrade;
using CspUpgrades.Functions.SweepStuckOperations;

namespace CspUpgrades.Functions.Composition;

public static class FunctionMap
{
    /// <summary>Every function of the <see cref="FunctionManifest"/>, plus the host's readiness probe.</summary>
    public static WebApplication MapFunctions(this WebApplication app)
    {
        CheckUpgradeEligibilityFunction.Map(app);
        RequestUpgradeFunction.Map(app);
        GetUpgradeOperationFunction.Map(app);
        AddLicensesFunction.Map(app);
        ReceiveSubscriptionEventFunction.Map(app);
        GetAuditReportFunction.Map(app);
        ExecuteUpgradeFunction.Map(app);
        FailPoisonedUpgradeFunction.Map(app);
        AuditBlockedUpgradesFunction.Map(app);
        SweepStuckOperationsFunction.Map(app);

        app.MapHttpFunction(FunctionManifest.GetHealth, () => Results.Ok(new { status = "healthy" })).ExcludeFromDescription();
        app.MapOpenApi("/api/openapi/{documentName}.json").WithName(FunctionManifest.GetOpenApiDocument.Name);

        // The Functions host polls GET / until the handler answers before it sends any invocation.
        app.MapGet("/", () => Results.Ok()).ExcludeFromDescription();
        return app;
    }
}
