using CspUpgrades.Functions.Http;
using CspUpgrades.Functions.Security;
using CspUpgrades.Storage.Audit;
using CspUpgrades.Storage.Partners;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Net.Http.Headers;

namespace CspUpgrades.Functions.GetAuditReport;

/// <summary>GET /api/audits/latest (or /api/audits/{runId}): JSON by default, CSV with <c>Accept: text/csv</c>. Streams findings.</summary>
public sealed class GetAuditReportFunction(AuditReportStore reports)
{
    public const string Latest = "latest";

    [Function(nameof(GetAuditReport))]
    [EndpointSummary("Read the latest audit of suspended subscriptions that block upgrades, or one run's, as JSON or CSV")]
    [Tags("Audit")]
    [ProducesResponseType<AuditReportResponse>(StatusCodes.Status200OK, "application/json", "text/csv")]
    [ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound)]
    [RequiresPartner(PartnerPermission.Read)]
    public Task<IResult> GetAuditReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Audit)] HttpRequest request,
        string runId)
    {
        ArgumentNullException.ThrowIfNull(request);
        return HandleAsync(runId, request.HttpContext, reports);
    }


    private static async Task<IResult> HandleAsync(string runId, HttpContext context, AuditReportStore reports)
    {
        if (runId != Latest && !AuditReportStore.IsValidRunId(runId))
        {
            return Problems.Validation("runId", "'runId' must be 'latest' or a run id such as 20261121T020000Z-1a2b3c4d.");
        }

        var cancellationToken = context.RequestAborted;
        var id = runId == Latest ? await reports.LatestRunIdAsync(cancellationToken) : runId;
        var partner = context.Partner();
        var run = id is null ? null : await reports.FindRunAsync(id, partner, cancellationToken);
        if (run is null)
        {
            return runId == Latest
                ? Problems.Create(StatusCodes.Status404NotFound, "not_found", Problems.NotFoundTitle, "No audit run has completed yet.")
                : Problems.NotFound("audit run");
        }

        var findings = reports.ReadFindingsAsync(run.RunId, partner, cancellationToken);
        if (WantsCsv(context.Request))
        {
            return Results.Stream(async stream =>
            {
                await using var writer = new StreamWriter(stream);
                await writer.WriteAsync(AuditCsv.Header());
                await foreach (var finding in findings)
                {
                    await writer.WriteAsync(AuditCsv.Row(finding));
                }
            }, "text/csv; charset=utf-8", $"audit-{run.RunId}.csv");
        }

        return Results.Ok(new AuditReportResponse(
            run.RunId, run.StartedAt, run.CompletedAt, run.CustomersScanned, run.SubscriptionsScanned, run.FindingCount, findings));
    }

    private static bool WantsCsv(HttpRequest request) =>
        MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted)
        && accepted.Any(type => type.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase));
}
