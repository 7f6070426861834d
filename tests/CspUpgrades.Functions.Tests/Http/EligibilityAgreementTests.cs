using System.Net;
using System.Text.Json;
using CspUpgrades.Functions.Tests.Http.Builders;
using CspUpgrades.Functions.Tests.Http.Support;
using CspUpgrades.Testing.Azurite;
using Xunit.Abstractions;

namespace CspUpgrades.Functions.Tests.Http;

/// <summary>
/// One evaluation: for generated customers (every status, channel, region, delegated admin grant, currency, billing
/// cycle, term start, quantity near the seat cap, copies and conflicts beside the source), each option the eligibility
/// check lists is what RequestUpgrade then does — eligible options are accepted, refused ones are refused with exactly
/// the reasons eligibility gave, and an option's <c>quantity</c> is the most seats a request may move.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class EligibilityAgreementTests(HttpAppFixture fixture, ITestOutputHelper output) : IClassFixture<HttpAppFixture>
{
    private const int Customers = 30;

    [Fact]
    public async Task RequestUpgradeRefusesExactlyWhatEligibilityRefusedAndAcceptsEverythingElse()
    {
        var random = new Random(20261202);
        var partner = await fixture.NewPartnerAsync("agree");
        var (agreed, accepted, refused) = (0, 0, 0);
        for (var n = 0; n < Customers; n++)
        {
            var customer = $"c{n}";
            var (profile, source, others) = GeneratedCustomers.Next(random);
            await partner.SeedAsync(customer, profile, [source, .. others]);
            var eligibility = await partner.GetJsonAsync(Routes.Upgrades(customer, source.Id));

            foreach (var item in eligibility.GetProperty("items").EnumerateArray())
            {
                var target = item.GetProperty("targetOffer").GetProperty("id").GetString()!;
                var type = item.GetProperty("upgradeType").GetString()!;
                var eligible = item.GetProperty("isEligible").GetBoolean();
                var quantity = Math.Max(1, item.GetProperty("quantity").GetInt32());
                var listed = Codes(item.GetProperty("upgradeErrors"));
                var what = $"customer {n} ({GeneratedCustomers.Describe(profile, source, others)}): {target}/{type} x{quantity}, listed [{string.Join(", ", listed)}]";

                using var response = await partner.PostAsync(Routes.Upgrades(customer, source.Id), new { targetOffer = target, upgradeType = type, quantity });
                var body = await response.Content.ReadAsStringAsync();
                if (eligible)
                {
                    Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{what}: eligible, but the request answered {(int)response.StatusCode} {body}");
                    accepted++;
                    if (quantity < source.Quantity)
                    {
                        // Fewer than all seats fit under the cap: one more than listed is refused for exactly that.
                        using var more = await partner.PostAsync(Routes.Upgrades(customer, source.Id), new { targetOffer = target, upgradeType = type, quantity = quantity + 1 });
                        var problem = await ProblemAssert.IsAsync(more, HttpStatusCode.Conflict, "upgrade_not_eligible");
                        Assert.Equal(["seat_limit_exceeded"], ProblemAssert.UpgradeErrorCodes(problem));
                    }
                }
                else
                {
                    Assert.True(response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity, $"{what}: refused, but the request answered {(int)response.StatusCode} {body}");
                    var answered = Codes(JsonDocument.Parse(body).RootElement.GetProperty("upgradeErrors"));
                    Assert.True(listed.SequenceEqual(answered), $"{what}: the request refused with [{string.Join(", ", answered)}]");
                    refused++;
                }

                agreed++;
            }
        }

        output.WriteLine($"{Customers} customers, {agreed} options agreed: {accepted} accepted, {refused} refused");
        Assert.True(accepted > 20 && refused > 20, $"the generated customers should exercise both outcomes ({accepted} accepted, {refused} refused)");
    }

    private static List<string> Codes(JsonElement errors) => errors.EnumerateArray().Select(error => error.GetProperty("code").GetString()!).ToList();
}
