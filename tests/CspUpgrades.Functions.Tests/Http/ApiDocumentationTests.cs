using System.Reflection;
using System.Text;
using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Planning;
using CspUpgrades.Functions.ReceiveSubscriptionEvent;
using CspUpgrades.Functions.Tests.Publishing;

namespace CspUpgrades.Functions.Tests.Http;

/// <summary>docs/API.md against the code: the worked signature, every route, every error code.</summary>
public sealed class ApiDocumentationTests
{
    private const string Secret = "whsec_ZGVtby13ZWJob29rLXNlY3JldC1mb3ItbG9jYWwtcnVucw==";
    private const string WebhookId = "evt_northwind_dap_20261121";
    private const long Timestamp = 1795244400;
    private const string Signature = "v1,haIEoUQpmJ8fOwfSWg/BaiNgL77MgjnKMw02vbiD0zc=";
    private const string Body =
        """{"type":"customer.updated","occurredAt":"2026-11-21T07:00:00Z","partnerId":"demo-partner","customerId":"northwind","customer":{"region":"Global","companyName":"Northwind Traders","delegatedAdmin":{"granted":true,"services":["ExchangeMailbox","SharePoint","OneDrive","Teams","OfficeWebApps","OfficeDesktopApps"]}}}""";

    private static readonly Lazy<string> Document = new(() => File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "API.md")));

    [Fact]
    public void TheWorkedWebhookSignatureIsWhatTheServiceComputes()
    {
        var body = Encoding.UTF8.GetBytes(Body);

        Assert.Equal(Signature, WebhookSignature.Sign(Secret, WebhookId, Timestamp, body));
        Assert.Equal(WebhookVerification.Valid, WebhookSignature.Verify(
            [Secret], WebhookId, Timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture), Signature, body,
            DateTimeOffset.FromUnixTimeSeconds(Timestamp)));
        Assert.Equal("2026-11-21T07:00:00.0000000+00:00", DateTimeOffset.FromUnixTimeSeconds(Timestamp).ToString("O", null));
    }

    [Fact]
    public void TheDocumentShowsTheWorkedExampleVerbatim()
    {
        Assert.Contains($"secret: `{Secret}`", Document.Value, StringComparison.Ordinal);
        Assert.Contains($"`webhook-id`: `{WebhookId}`", Document.Value, StringComparison.Ordinal);
        Assert.Contains($"`webhook-timestamp`: `{Timestamp}`", Document.Value, StringComparison.Ordinal);
        Assert.Contains($"`webhook-signature`: `{Signature}`", Document.Value, StringComparison.Ordinal);
        Assert.Contains($"```\n{Body}\n```", Document.Value.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains(Secret, File.ReadAllText(Path.Combine(RepositoryRoot(), "run.sh")), StringComparison.Ordinal);
    }

    [Fact]
    public void TheDocumentListsEveryHttpFunctionWithItsRoute()
    {
        foreach (var function in DeclaredFunction.Api)
        {
            Assert.Contains($"| {function.Name} |", Document.Value, StringComparison.Ordinal);
            Assert.Contains(function.Request, Document.Value, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TheDocumentExplainsEveryUpgradeAndLicenseErrorCode()
    {
        var codes = typeof(UpgradeErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Concat(typeof(LicenseErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(field => field.IsLiteral)
            .Select(field => (string)field.GetRawConstantValue()!)
            .ToList();

        Assert.True(codes.Count >= 18, $"only {codes.Count} codes found");
        Assert.All(codes, code => Assert.Matches($@"\| (★ )?`{code}` \|", Document.Value));
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "run.sh")) && Directory.Exists(Path.Combine(directory.FullName, "src")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with run.sh and src/) was not found above " + AppContext.BaseDirectory);
    }
}
