using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Planning;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.AddLicenses;
using CspUpgrades.Functions.ReceiveSubscriptionEvent;
using CspUpgrades.Functions.Tests.Publishing;
using CspUpgrades.Functions.Upgrades;

namespace CspUpgrades.Functions.Tests.Http;

/// <summary>docs/API.md against the code: the worked signature, every route, every error code, the ids derived from keys.</summary>
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

    /// <summary>
    /// The page is meant to be run top to bottom against ./run.sh: an operation it reads must have been created above it
    /// (by a request whose Idempotency-Key derives that id) or be shown answering 404, and every id the page derives from
    /// a key is the one the service derives.
    /// </summary>
    [Fact]
    public void EveryOperationThePageReadsIsCreatedAboveItByItsIdempotencyKey()
    {
        var partner = new PartnerId("demo-partner");
        var created = new HashSet<string>(StringComparer.Ordinal);
        var examples = Examples(Document.Value);
        Assert.True(examples.Count >= 20, $"only {examples.Count} curl examples found");

        foreach (var (command, answer) in examples)
        {
            var key = Regex.Match(command, @"Idempotency-Key: ([^""\s]+)""");
            var upgrade = Regex.Match(command, @"/api/customers/[^/]+/subscriptions/[^/]+/upgrades\b");
            var licenses = Regex.Match(command, @"/api/customers/([^/]+)/subscriptions/[^/]+/licenses\b");
            if (key.Success && upgrade.Success && answer.StartsWith("HTTP/1.1 202", StringComparison.Ordinal))
            {
                var id = IdempotencyKey.OperationIdFor(partner, key.Groups[1].Value).Value;
                Assert.Contains($"Location: /api/operations/{id}", answer, StringComparison.Ordinal);
                created.Add(id);
            }

            if (key.Success && licenses.Success && answer.StartsWith("HTTP/1.1 200", StringComparison.Ordinal))
            {
                var id = AddLicensesFunction.OperationIdFor(partner, new CustomerId(licenses.Groups[1].Value), key.Groups[1].Value).Value;
                Assert.Contains($"\"lineId\":\"{id}-charge\"", answer, StringComparison.Ordinal);
            }

            foreach (Match read in Regex.Matches(command, "/api/operations/([0-9a-f-]{36})"))
            {
                Assert.True(
                    created.Contains(read.Groups[1].Value) || answer.StartsWith("HTTP/1.1 404", StringComparison.Ordinal),
                    $"docs/API.md reads operation {read.Groups[1].Value} before any example creates it: {command}");
            }
        }

        Assert.Contains(IdempotencyKey.OperationIdFor(partner, "demo-1").Value, created);
    }

    /// <summary>Each bash block of the page that runs curl, with the http or json block that answers it ("" when none follows).</summary>
    private static List<(string Command, string Answer)> Examples(string document)
    {
        var blocks = Regex.Matches(document.ReplaceLineEndings("\n"), @"^```(\w*)\n(.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline)
            .Select(block => (Language: block.Groups[1].Value, Text: block.Groups[2].Value))
            .ToList();
        return blocks
            .Select((block, index) => (Block: block, Next: index + 1 < blocks.Count ? blocks[index + 1] : default))
            .Where(pair => pair.Block.Language == "bash" && pair.Block.Text.Contains("curl", StringComparison.Ordinal))
            .Select(pair => (pair.Block.Text, pair.Next.Language is "http" or "json" ? pair.Next.Text : string.Empty))
            .ToList();
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
