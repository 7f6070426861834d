using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Planning;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Storage.Operations;

namespace CspUpgrades.Storage.Tests.DataModel.Builders;

/// <summary>A queued upgrade of all seats of <c>source</c> to E3 with license transfer at 20.00 USD, created at <see cref="A.Now"/>.</summary>
public sealed class OperationBuilder(PartnerId partner, CustomerId customer, SubscriptionId source)
{
    private UpgradeOperation _operation = new()
    {
        Id = A.Operation(),
        PartnerId = partner,
        CustomerId = customer,
        Request = new UpgradeRequest(source, Offers.E3, UpgradeType.UpgradeWithLicenseTransfer),
        TargetUnitPrice = new Money(2000, CurrencyCode.Usd),
        RequestHash = "hash-" + source.Value,
        CreatedAt = A.Now,
    };

    public OperationBuilder WithId(OperationId id) => Change(o => o with { Id = id });

    public OperationBuilder To(OfferId target, UpgradeType type = UpgradeType.UpgradeWithLicenseTransfer, int? quantity = null) =>
        Change(o => o with { Request = new UpgradeRequest(o.Request.SourceSubscriptionId, target, type, quantity) });

    public OperationBuilder Moving(int quantity) => Change(o => o with { Request = o.Request with { Quantity = quantity } });

    public OperationBuilder PricedAt(string targetUnitPrice) => Change(o => o with { TargetUnitPrice = Money.Parse(targetUnitPrice) });

    public OperationBuilder WithHash(string hash) => Change(o => o with { RequestHash = hash });

    public OperationBuilder For(CustomerId customer) => Change(o => o with { CustomerId = customer });

    public OperationBuilder Changing(Func<UpgradeOperation, UpgradeOperation> change) => Change(change);

    public UpgradeOperation Build() => _operation;

    public static implicit operator UpgradeOperation(OperationBuilder builder) => builder.Build();

    private OperationBuilder Change(Func<UpgradeOperation, UpgradeOperation> change)
    {
        _operation = change(_operation);
        return this;
    }
}
