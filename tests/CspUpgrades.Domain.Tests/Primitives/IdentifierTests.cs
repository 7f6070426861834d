using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Domain.Tests.Primitives;

/// <summary>Ids must be usable as Table Storage keys and in URLs.</summary>
public class IdentifierTests
{
    [Theory]
    [InlineData("o365-business")]
    [InlineData("3f2504e0-4f89-11d3-9a0c-0305e82c3301")]
    [InlineData("A.b_C-9")]
    public void AcceptsLettersDigitsDashUnderscoreAndDot(string value)
    {
        Assert.True(SubscriptionId.TryParse(value, out var id));
        Assert.Equal(value, id.Value);
        Assert.Equal(value, new OfferId(value).ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a b")]
    [InlineData("tab\there")]
    [InlineData("ünïcode")]
    public void RefusesWhatATableKeyOrUrlCannotHold(string? value)
    {
        Assert.False(CustomerId.TryParse(value, out _));
        Assert.False(PartnerId.TryParse(value, out _));
        Assert.False(OperationId.TryParse(value, out _));
        Assert.False(UserObjectId.TryParse(value, out _));
        Assert.Throws<ArgumentException>(() => new OfferId(value!));
    }

    [Fact]
    public void RefusesMoreThan64Characters()
    {
        Assert.True(OperationId.TryParse(new string('a', 64), out _));
        Assert.False(OperationId.TryParse(new string('a', 65), out _));
    }

    [Fact]
    public void IdsOfTheSameValueAreEqual()
    {
        Assert.Equal(new SubscriptionId("s-1"), new SubscriptionId("s-1"));
        Assert.NotEqual(new SubscriptionId("s-1"), new SubscriptionId("S-1"));
    }

    [Fact]
    public void DerivedIdsAreStableVersion8Guids()
    {
        var id = DeterministicId.For(new OperationId("op-1"), "purpose");

        Assert.Equal(id, DeterministicId.For(new OperationId("op-1"), "purpose"));
        Assert.NotEqual(id, DeterministicId.For(new OperationId("op-1"), "other-purpose"));
        Assert.NotEqual(id, DeterministicId.For(new OperationId("op-2"), "purpose"));
        Assert.Equal(8, id.Version);
        Assert.Equal('8', id.ToString("D")[14]);
    }

    [Fact]
    public void TheUpgradeTargetIdOfAnOperationNeverChanges()
    {
        // Pinned (an independent SHA-256 computation gives the same): storage keys the target subscription by it,
        // so a change here would make replays of already recorded operations create a second subscription.
        Assert.Equal("13b9594f-8d2e-8469-802e-aebc668e3782", SubscriptionId.ForUpgradeTarget(new OperationId("op-1")).Value);
    }

    [Fact]
    public void EveryIdPrintsAsItsValue()
    {
        Assert.Equal(
            ["c-1", "o-1", "op-1", "p-1", "s-1", "u-1"],
            new object[] { new CustomerId("c-1"), new OfferId("o-1"), new OperationId("op-1"), new PartnerId("p-1"), new SubscriptionId("s-1"), new UserObjectId("u-1") }.Select(id => id.ToString()));
    }
}
