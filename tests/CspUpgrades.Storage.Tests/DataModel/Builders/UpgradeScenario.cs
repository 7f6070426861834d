using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Planning;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Storage.Customers;
using CspUpgrades.Storage.Model;

namespace CspUpgrades.Storage.Tests.DataModel.Builders;

/// <summary>
/// What ExecuteUpgrade does up to its commit, on a customer with one Business Essentials subscription of 10 seats
/// at 5.00 USD and three users (Ana and Cy can move to E3, Bob's phone system cannot): the operation is recorded,
/// the source claimed, the customer loaded with the operation's row, and the upgrade planned for <see cref="A.Today"/>.
/// </summary>
public sealed record UpgradeScenario(
    DataModelTable Storage,
    CustomerBuilder Customer,
    CustomerRecord Record,
    StoredOperation Stored,
    UpgradePlan Plan,
    SubscriptionClaim Claim)
{
    public PartnerId Partner => Customer.Partner;

    public CustomerId CustomerId => Customer.Customer;

    public OperationId OperationId => Plan.OperationId;

    public string Partition => TableLayout.CustomerPartition(Partner, CustomerId);

    public static async Task<UpgradeScenario> PlanAsync(DataModelTable storage, int? quantity = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var customer = await new CustomerBuilder()
            .With(SubscriptionBuilder.Of(Offers.BusinessEssentials).WithVersion(3).WithUsers(
                new UserBuilder("ana").With(ServiceKind.ExchangeMailbox, ServiceKind.Teams),
                new UserBuilder("bob").With(ServiceKind.ExchangeMailbox, ServiceKind.PhoneSystem),
                new UserBuilder("cy").With(ServiceKind.OneDrive)))
            .SaveAsync(storage);
        var operation = new OperationBuilder(customer.Partner, customer.Customer, customer.Subscriptions[0].Id).To(Offers.E3, quantity: quantity).Build();
        await storage.Operations.CreateAsync(operation);

        var claimed = await storage.Claims.TryClaimAsync(customer.Partner, customer.Customer, operation.Request.SourceSubscriptionId, operation.Id, A.Now);
        var record = await storage.Customers.LoadAsync(customer.Partner, customer.Customer, [TableLayout.OperationRow(operation.Id)]);
        var stored = record!.Operation!;
        var planned = UpgradePlanner.Plan(A.Catalog, record.Snapshot, stored.Operation.Request, stored.Operation.TargetUnitPrice, operation.Id, A.Today);
        Assert.True(planned.IsPlanned, string.Join("; ", planned.UpgradeErrors.Select(e => e.Code)));
        return new UpgradeScenario(storage, customer, record, stored, planned.Plan, Assert.IsType<ClaimOutcome.Held>(claimed).Claim);
    }

    public Task CommitAsync() => Storage.Upgrades.CommitSucceededAsync(Record, Stored, Plan, Claim, A.Now.AddSeconds(5));
}
