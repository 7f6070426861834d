using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Planning;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.Http;
using CspUpgrades.Functions.Settings;
using CspUpgrades.Storage.Outbox;
using Microsoft.Extensions.Options;

namespace CspUpgrades.Functions.Events;

/// <summary>The events of a license addition: <c>licenses.added</c> with the subscription as written, and its charge's billing line. None when events are off.</summary>
public sealed class LicenseEvents(IOptions<EventsOptions> options)
{
    public IReadOnlyList<PartnerEvent> Added(PartnerId partner, CustomerId customer, AddLicensesPlan plan, Subscription written, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(written);
        if (!options.Value.Enabled)
        {
            return [];
        }

        var charge = BillingLineResponse.From(plan.Charge);
        return
        [
            PartnerEventData.Create(
                PartnerEventTypes.LicensesAdded, partner, $"licenses\n{plan.OperationId.Value}", customer, written.Id, time,
                new LicensesAddedData(customer.Value, plan.OperationId.Value, plan.Charge.Quantity, SubscriptionResponse.From(written), charge)),
            PartnerEventData.Create(
                PartnerEventTypes.BillingLineRecorded, partner, $"billing\n{plan.Charge.LineId}", customer, written.Id, time,
                new BillingLineRecordedData(customer.Value, plan.OperationId.Value, charge)),
        ];
    }
}

/// <summary>The data of <c>licenses.added.v1</c>: how many seats, the subscription as it now is (with its new <c>version</c>), and the charge.</summary>
public sealed record LicensesAddedData(string CustomerId, string OperationId, int Added, SubscriptionResponse Subscription, BillingLineResponse Charge);
