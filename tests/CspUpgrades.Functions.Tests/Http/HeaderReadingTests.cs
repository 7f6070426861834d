using CspUpgrades.Functions.Http;
using CspUpgrades.Functions.Upgrades;
using Microsoft.AspNetCore.Http;

namespace CspUpgrades.Functions.Tests.Http;

/// <summary>
/// The optional headers as Kestrel hands them over. A header that is present is never read as absent: an empty or
/// blank <c>Idempotency-Key:</c> (curl sends one as it is) or <c>If-Match:</c> is a 400, not "no key" / "no condition".
/// </summary>
public sealed class HeaderReadingTests
{
    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t")]
    [InlineData(" key")]
    [InlineData("key ")]
    [InlineData("first, second")]
    [InlineData(",")]
    public void AnEmptyBlankOrFoldedIdempotencyKeyIsRefused(string value)
    {
        Assert.False(IdempotencyKey.TryRead(Request(("Idempotency-Key", [value])), out _, out var problem));
        Assert.NotNull(problem);
    }

    [Fact]
    public void TwoIdempotencyKeysAreRefused()
    {
        Assert.False(IdempotencyKey.TryRead(Request(("Idempotency-Key", ["a", "b"])), out _, out _));
    }

    [Theory]
    [InlineData("order-4711")]
    [InlineData("with inner spaces")]
    [InlineData("~!\"#")]
    public void AKeyOfPrintableAsciiIsReadAsItIs(string value)
    {
        Assert.True(IdempotencyKey.TryRead(Request(("Idempotency-Key", [value])), out var key, out _));
        Assert.Equal(value, key);
    }

    [Fact]
    public void NoIdempotencyKeyHeaderIsNoKey()
    {
        Assert.True(IdempotencyKey.TryRead(Request(), out var key, out _));
        Assert.Equal(string.Empty, key);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void AnEmptyIfMatchIsRefused(string value)
    {
        Assert.False(SubscriptionETag.TryReadIfMatch(Request(("If-Match", [value])), out _, out var problem));
        Assert.NotNull(problem);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("*", null)]
    [InlineData("\"3\"", 3L)]
    public void IfMatchIsAVersionOrNothing(string? value, long? expected)
    {
        var request = value is null ? Request() : Request(("If-Match", [value]));

        Assert.True(SubscriptionETag.TryReadIfMatch(request, out var version, out _));
        Assert.Equal(expected, version);
    }

    private static HttpRequest Request(params (string Name, string[] Values)[] headers)
    {
        var context = new DefaultHttpContext();
        foreach (var (name, values) in headers)
        {
            context.Request.Headers[name] = values;
        }

        return context.Request;
    }
}
