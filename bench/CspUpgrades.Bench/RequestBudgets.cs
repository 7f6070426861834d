namespace CspUpgrades.Bench;

/// <summary>
/// Storage requests per call as recorded in docs/PERFORMANCE.md (measured with the warm API-key cache of a busy
/// instance), and the fewest the table layout allows. The smoke test fails when a measured count exceeds its budget,
/// so a change that adds a request must update this file and the document together.
/// </summary>
internal static class RequestBudgets
{
    public static RequestCount Eligibility(double measured) =>
        new("CheckUpgradeEligibility", measured, 1, 1, "one query over the customer's snapshot row range");

    public static RequestCount RequestUpgrade(double measured) =>
        new("RequestUpgrade", measured, 5, 4,
            "snapshot query, operation index insert (partner partition), operation insert, queue send; +1 the ~pending row upsert (sweeper index)");

    public static RequestCount ExecuteUpgrade(double measured) =>
        new("ExecuteUpgrade (the function)", measured, 9, 6,
            "claim insert, snapshot + operation query, one $batch, the customer list's refresh (line ETag, snapshot query, conditional write), the event drain (feed append, outbox delete); +1 the ~pending row delete (sweeper index). Events__Enabled=false: 7");

    /// <summary>Issue #6's upgrade count: send, receive, delete, claim, snapshot query, transaction.</summary>
    public static RequestCount UpgradeWithQueue(double measured) =>
        new("Upgrade incl. queue (send + host receive/delete + ExecuteUpgrade)", measured, 12, 9,
            "issue #6's minimum (send, receive, delete, claim, query, $batch) + the customer list's refresh (3) + the event drain (2); the host batches receives (up to 16 per request)");

    public static RequestCount AddLicenses(double measured) =>
        new("AddLicenses", measured, 8, 6, "snapshot query (with the idempotent charge row), claim insert, one $batch; the customer list's refresh (3); the event drain (feed append, outbox delete)");

    public static RequestCount Webhook(double measured) =>
        new("ReceiveSubscriptionEvent", measured, 7, 5, "point read of the row it changes, one $batch with the event marker; the customer list's refresh (3); the event drain (feed append, outbox delete)");

    /// <summary>
    /// The audit's budget for one run: a scan page per 1,000 rows, a $batch per 100 findings (+1 where a flush
    /// splits), one summary per partner and one $batch for the run and "latest", and the customer list's lines read alongside
    /// (a page per 1,000 customers; all current, as the app keeps them, so none is repaired); reported per 1,000 subscriptions.
    /// </summary>
    /// <param name="scanPages">The requests a raw scan of the same rows took (one per page the storage returned).</param>
    public static RequestCount Audit(int subscriptions, int customers, int scanPages, int findings, int partners, double measured)
    {
        var minimum = scanPages + Math.Ceiling(findings / 100.0) + partners + 1 + Math.Ceiling(customers / 1000.0);
        var perThousand = 1000.0 / subscriptions;
        return new($"AuditBlockedUpgrades per 1,000 subscriptions ({subscriptions:N0})", measured * perThousand, (minimum + 4 * partners) * perThousand,
            minimum * perThousand, "a scan page (as many as a raw scan of the rows takes), a $batch per 100 findings, a summary per partner, the run's $batch, a page of customer-list lines per 1,000 customers; per partner with events on: the query for an audit event a run left, the audit event's drain (feed append, outbox delete)");
    }
}
