using System.Text;
using CspUpgrades.Domain.Audit;

namespace CspUpgrades.Functions.GetAuditReport;

/// <summary>
/// RFC 4180 CSV, one row per finding. Cells that a spreadsheet would run as a formula (starting with
/// = + - @, or a tab or carriage return before one, as OWASP lists them) are prefixed with an apostrophe:
/// the data comes partly from outside (partner names).
/// </summary>
public static class AuditCsv
{
    public static readonly string[] Columns =
    [
        "customerId", "blockingSubscriptionId", "blockingOfferId", "blockingStatus", "blockingChannel", "blockingPartnerName",
        "sourceSubscriptionId", "sourceOfferId", "targetOfferId", "blockedUpgradeTypes", "reason", "errorCode", "explanation", "remedy",
    ];

    public static string Header() => string.Join(',', Columns) + "\r\n";

    public static string Row(BlockedUpgradeFinding f) => string.Join(',', new[]
    {
        f.CustomerId.Value, f.BlockingSubscriptionId.Value, f.BlockingOfferId.Value, Wire(f.BlockingStatus), Wire(f.BlockingChannel),
        f.BlockingPartnerName ?? string.Empty, f.SourceSubscriptionId.Value, f.SourceOfferId.Value, f.TargetOfferId.Value,
        string.Join(' ', f.BlockedUpgradeTypes.Select(type => Wire(type))), Wire(f.Reason), f.ErrorCode, f.Explanation, f.Remedy,
    }.Select(Cell)) + "\r\n";

    private static string Wire<T>(T value) => System.Text.Json.JsonSerializer.Serialize(value).Trim('"');

    private static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0
            ? new StringBuilder("\"").Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"').ToString()
            : value;
    }
}
