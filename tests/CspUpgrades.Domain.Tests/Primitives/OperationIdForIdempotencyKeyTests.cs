using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Domain.Tests.Primitives;

/// <summary>An Idempotency-Key names one operation per partner, the same on every machine (docs/API.md shows one).</summary>
public sealed class OperationIdForIdempotencyKeyTests
{
    [Fact]
    public void TheDocumentedKeyGivesTheDocumentedOperation() =>
        Assert.Equal("62991ab0-835f-dee7-96b3-ab69436763da", OperationId.ForIdempotencyKey(new PartnerId("demo-partner"), "demo-1").Value);

    [Fact]
    public void TheSameKeyOfTwoPartnersNamesTwoOperations() =>
        Assert.NotEqual(OperationId.ForIdempotencyKey(new PartnerId("a"), "k"), OperationId.ForIdempotencyKey(new PartnerId("b"), "k"));

    [Fact]
    public void TwoKeysOfOnePartnerNameTwoOperations() =>
        Assert.NotEqual(OperationId.ForIdempotencyKey(new PartnerId("a"), "k1"), OperationId.ForIdempotencyKey(new PartnerId("a"), "k2"));

    [Fact]
    public void NoKeyIsRefused() =>
        Assert.Throws<ArgumentNullException>(() => OperationId.ForIdempotencyKey(new PartnerId("a"), null!));
}
