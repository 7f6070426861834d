using System.Text;
using CspUpgrades.Functions.ReceiveSubscriptionEvent;

namespace CspUpgrades.Functions.Tests.Security;

public class WebhookSignatureTests
{
    // The Standard Webhooks specification's published test vector.
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string Id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long Timestamp = 1614265330;
    private const string Signature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"test": 2432232314}""");
    private static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeSeconds(Timestamp);

    [Fact]
    public void SignsLikeTheStandardWebhooksTestVector() =>
        Assert.Equal(Signature, WebhookSignature.Sign(Secret, Id, Timestamp, Body));

    [Fact]
    public void AcceptsTheTestVector() =>
        Assert.Equal(WebhookVerification.Valid, Verify([Secret], Signature, Body, SignedAt));

    [Theory]
    [InlineData(-299, WebhookVerification.Valid)]
    [InlineData(299, WebhookVerification.Valid)]
    [InlineData(-301, WebhookVerification.OutsideTolerance)]
    [InlineData(301, WebhookVerification.OutsideTolerance)]
    public void AcceptsOnlyTimestampsWithinFiveMinutes(int skewSeconds, WebhookVerification expected)
    {
        // The sender's timestamp lies skewSeconds away from our clock.
        var now = SignedAt.AddSeconds(-skewSeconds);
        Assert.Equal(expected, Verify([Secret], Signature, Body, now));
    }

    [Fact]
    public void AcceptsEitherSecretDuringRotation()
    {
        var previous = "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes("the previous secret of 32 bytes!"));
        Assert.Equal(WebhookVerification.Valid, Verify([previous, Secret], Signature, Body, SignedAt));
        Assert.Equal(WebhookVerification.Valid, Verify([Secret, previous], Signature, Body, SignedAt));
    }

    [Fact]
    public void AcceptsAHeaderWithSeveralSignaturesWhenOneMatches() =>
        Assert.Equal(WebhookVerification.Valid,
            Verify([Secret], "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= " + Signature, Body, SignedAt));

    [Fact]
    public void RejectsABodyWithOneFlippedByte()
    {
        var tampered = (byte[])Body.Clone();
        tampered[^2] ^= 0x01;
        Assert.Equal(WebhookVerification.InvalidSignature, Verify([Secret], Signature, tampered, SignedAt));
    }

    [Fact]
    public void RejectsReserialisedJson()
    {
        // Same JSON value, different bytes: the signature covers bytes, not meaning.
        var reserialised = Encoding.UTF8.GetBytes("""{"test":2432232314}""");
        Assert.Equal(WebhookVerification.InvalidSignature, Verify([Secret], Signature, reserialised, SignedAt));
    }

    [Fact]
    public void RejectsAnUnknownSecret()
    {
        var other = "whsec_" + Convert.ToBase64String(new byte[32]);
        Assert.Equal(WebhookVerification.InvalidSignature, Verify([other], Signature, Body, SignedAt));
    }

    [Theory]
    [InlineData(null, "1614265330", Signature)]
    [InlineData(Id, null, Signature)]
    [InlineData(Id, "1614265330", null)]
    [InlineData(Id, "1614265330", "")]
    public void RejectsMissingHeaders(string? id, string? timestamp, string? signature) =>
        Assert.Equal(WebhookVerification.MissingHeaders,
            WebhookSignature.Verify([Secret], id, timestamp, signature, Body, SignedAt));

    [Theory]
    [InlineData("v1,not-base64!")]
    [InlineData("v2," + "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [InlineData("g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    public void RejectsMalformedSignatures(string signature) =>
        Assert.Equal(WebhookVerification.InvalidSignature, Verify([Secret], signature, Body, SignedAt));

    [Fact]
    public void RejectsANonNumericTimestamp() =>
        Assert.Equal(WebhookVerification.OutsideTolerance,
            WebhookSignature.Verify([Secret], Id, "16142653e0", Signature, Body, SignedAt));

    private static WebhookVerification Verify(string[] secrets, string signature, byte[] body, DateTimeOffset now) =>
        WebhookSignature.Verify(secrets, Id, Timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture), signature, body, now);
}
