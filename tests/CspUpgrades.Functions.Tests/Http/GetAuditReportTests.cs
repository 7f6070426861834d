using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CspUpgrades.Functions.Tests.Http.Builders;
using CspUpgrades.Functions.Tests.Http.Support;
using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Functions.Tests.Http;

/// <summary>GET /api/audits/latest and /api/audits/{runId}: the daily audit's findings for the calling partner, JSON or CSV.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class GetAuditReportTests(HttpAppFixture fixture) : IClassFixture<HttpAppFixture>
{
    private const string CsvHeader =
        "customerId,blockingSubscriptionId,blockingOfferId,blockingStatus,blockingChannel,blockingPartnerName,"
        + "sourceSubscriptionId,sourceOfferId,targetOfferId,blockedUpgradeTypes,reason,errorCode,explanation,remedy";

    /// <summary>Found by the fuzzer: a route miss under <c>Accept: text/csv</c> was answered as text/plain.</summary>
    [Theory]
    [InlineData("/api/audits/", "text/csv")]
    [InlineData("/api/audits/2026/11", "application/xml")]
    public async Task ARouteMissIsAProblemWhateverTheAcceptHeader(string path, string accept)
    {
        var partner = await fixture.NewPartnerAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));

        using var response = await partner.Client.SendAsync(request);

        await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task AnswersNotFoundBeforeAnyAuditHasRun()
    {
        await using var app = await WorkerApp.StartAsync(fixture.Azurite);
        var client = await app.ClientForPartnerAsync("partner-before-audit");

        using var response = await client.GetAsync(new Uri(Routes.Audit(), UriKind.Relative));

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, "not_found");
        Assert.Equal("No audit run has completed yet.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AfterARunTheLatestReportListsThePartnersBlockedUpgrades()
    {
        var partner = await SeedBlockedCustomersAsync("Fourth Coffee IT");

        var runId = await fixture.App.RunAuditAsync();
        var report = await partner.GetJsonAsync(Routes.Audit());

        Assert.Equal(runId, report.GetProperty("runId").GetString());
        Assert.Equal(2, report.GetProperty("customersScanned").GetInt32());
        Assert.Equal(3, report.GetProperty("subscriptionsScanned").GetInt32());
        var findings = report.GetProperty("findings").EnumerateArray().ToList();
        Assert.Equal(findings.Count, report.GetProperty("findingCount").GetInt32());
        Assert.Equal(
            new[]
            {
                "fabrikam fabrikam-premium → o365-enterprise-e3: suspended_subscription",
                "fabrikam fabrikam-premium → o365-enterprise-e5: suspended_subscription",
                "litware litware-e3-other → o365-business-premium: suspended_conflicting_services",
                "litware litware-e3-other → o365-enterprise-e3: suspended_copy_of_target",
                "litware litware-e3-other → o365-enterprise-e5: suspended_conflicting_services",
            },
            findings.Select(f => $"{f.GetProperty("customerId")} {f.GetProperty("blockingSubscriptionId")} → {f.GetProperty("targetOfferId")}: {f.GetProperty("reason")}").Order());
        var copy = findings.Single(f => f.GetProperty("reason").GetString() == "suspended_copy_of_target");
        Assert.Equal("target_offer_already_owned", copy.GetProperty("errorCode").GetString());
        Assert.Equal("other_partner", copy.GetProperty("blockingChannel").GetString());
        Assert.Equal("Fourth Coffee IT", copy.GetProperty("blockingPartnerName").GetString());

        var byId = await partner.GetJsonAsync(Routes.Audit(runId));
        Assert.Equal(report.ToString(), byId.ToString());
    }

    [Fact]
    public async Task WritesTheReportAsCsvWithAHeaderRowAndRfc4180Quoting()
    {
        var partner = await SeedBlockedCustomersAsync("Fourth Coffee, \"IT\"");
        await fixture.App.RunAuditAsync();

        var (contentType, csv) = await GetCsvAsync(partner);

        Assert.Equal("text/csv", contentType);
        Assert.StartsWith(CsvHeader + "\r\n", csv, StringComparison.Ordinal);
        Assert.EndsWith("\r\n", csv, StringComparison.Ordinal);
        var rows = Csv.Parse(csv);
        Assert.Equal(6, rows.Count);
        Assert.All(rows, row => Assert.Equal(14, row.Count));
        var copy = rows.Single(row => row[10] == "suspended_copy_of_target");
        Assert.Equal("Fourth Coffee, \"IT\"", copy[5]);
        Assert.Equal("upgrade_only upgrade_with_license_transfer", copy[9]);
        Assert.Contains("\"Fourth Coffee, \"\"IT\"\"\"", csv, StringComparison.Ordinal);
        Assert.Contains("(Fourth Coffee, \"IT\")", copy[12], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"https://evil.example\",\"Click\")")]
    [InlineData("+1+cmd|' /C calc'!A0")]
    [InlineData("-2+3")]
    [InlineData("@SUM(1,2)")]
    [InlineData("\t=1+2")]
    public async Task NeutralisesAPartnerNameThatASpreadsheetWouldRunAsAFormula(string partnerName)
    {
        var partner = await SeedBlockedCustomersAsync(partnerName);
        await fixture.App.RunAuditAsync();

        var (_, csv) = await GetCsvAsync(partner);

        var names = Csv.Parse(csv).Skip(1).Select(row => row[5]).Where(name => name.Length > 0).Distinct().ToList();
        Assert.Equal(["'" + partnerName], names);
        Assert.DoesNotContain("," + partnerName, csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherPartnerNeverSeesThisPartnersFindings()
    {
        var mine = await SeedBlockedCustomersAsync("Fourth Coffee IT");
        var theirs = await fixture.NewPartnerAsync("other");
        await theirs.SeedAsync("woodgrove", new SubscriptionSpec("woodgrove-business", "o365-business").Suspended());
        var nobody = await fixture.NewPartnerAsync("empty");
        var runId = await fixture.App.RunAuditAsync();

        var report = await theirs.GetJsonAsync(Routes.Audit());
        var (_, csv) = await GetCsvAsync(theirs);
        var empty = await nobody.GetJsonAsync(Routes.Audit(runId));
        var (_, emptyCsv) = await GetCsvAsync(nobody);

        Assert.Equal(1, report.GetProperty("customersScanned").GetInt32());
        Assert.All(report.GetProperty("findings").EnumerateArray(), finding =>
        {
            Assert.Equal(theirs.Id, finding.GetProperty("partnerId").GetString());
            Assert.Equal("woodgrove", finding.GetProperty("customerId").GetString());
        });
        Assert.Equal(4, report.GetProperty("findingCount").GetInt32());
        Assert.DoesNotContain("fabrikam", report.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("litware", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(mine.Id, csv, StringComparison.Ordinal);
        // A partner without customers sees that the run happened, and nothing else.
        Assert.Equal(runId, empty.GetProperty("runId").GetString());
        Assert.Equal(0, empty.GetProperty("customersScanned").GetInt32());
        Assert.Empty(empty.GetProperty("findings").EnumerateArray());
        Assert.Equal(CsvHeader + "\r\n", emptyCsv);
    }

    [Fact]
    public async Task AnswersNotFoundForAnUnknownRunAndRefusesAMalformedRunId()
    {
        var partner = await fixture.NewPartnerAsync();

        using var unknown = await partner.GetAsync(Routes.Audit("20000101T000000Z-00000000"));
        using var malformed = await partner.GetAsync(Routes.Audit("x'%20or%20RowKey%20ne%20'"));

        await ProblemAssert.IsAsync(unknown, HttpStatusCode.NotFound, "not_found");
        await ProblemAssert.IsInvalidFieldAsync(malformed, "runId");
    }

    /// <summary>fabrikam: a suspended Business Premium. litware: Essentials, and a suspended E3 held through another partner.</summary>
    private async Task<TestPartner> SeedBlockedCustomersAsync(string otherPartnerName)
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync("fabrikam", new SubscriptionSpec("fabrikam-premium", "o365-business-premium").Suspended());
        await partner.SeedAsync("litware",
            new SubscriptionSpec("litware-essentials", "o365-business-essentials") { Quantity = 40 },
            new SubscriptionSpec("litware-e3-other", "o365-enterprise-e3") { Quantity = 5 }.Suspended().ThroughOtherPartner(otherPartnerName));
        return partner;
    }

    private static async Task<(string? ContentType, string Csv)> GetCsvAsync(TestPartner partner)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Routes.Audit(), UriKind.Relative));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        using var response = await partner.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.False(bytes is [0xEF, 0xBB, 0xBF, ..], "no byte order mark");
        return (response.Content.Headers.ContentType?.MediaType, Encoding.UTF8.GetString(bytes));
    }

    /// <summary>An RFC 4180 reader: quoted fields may hold commas, CRLF and doubled quotes.</summary>
    private static class Csv
    {
        public static List<List<string>> Parse(string text)
        {
            var rows = new List<List<string>>();
            var row = new List<string>();
            var field = new StringBuilder();
            var quoted = false;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (quoted)
                {
                    if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else if (c == '"')
                    {
                        quoted = false;
                    }
                    else
                    {
                        field.Append(c);
                    }
                }
                else if (c == '"' && field.Length == 0)
                {
                    quoted = true;
                }
                else if (c == ',')
                {
                    row.Add(field.ToString());
                    field.Clear();
                }
                else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    row.Add(field.ToString());
                    field.Clear();
                    rows.Add(row);
                    row = [];
                    i++;
                }
                else
                {
                    Assert.NotEqual('"', c);
                    field.Append(c);
                }
            }

            Assert.True(field.Length == 0 && row.Count == 0 && !quoted, "the CSV ends with CRLF after its last row");
            return rows;
        }
    }
}
