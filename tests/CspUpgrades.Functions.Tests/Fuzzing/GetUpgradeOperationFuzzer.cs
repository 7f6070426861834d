using CspUpgrades.Functions.Tests.Http.Support;

namespace CspUpgrades.Functions.Tests.Fuzzing;

/// <summary>GET /api/operations/{operationId}: hostile and unknown ids, key, method.</summary>
public sealed class GetUpgradeOperationFuzzer(FuzzTarget target) : EndpointFuzzer
{
    private readonly PartnerRequests _requests = new(target);

    public override string Endpoint => "GetUpgradeOperation";

    protected override IReadOnlyList<Func<Random, FuzzRequest>> Classes =>
    [
        random => Get("hostile operationId", PartnerRequests.HostileSegment(random)).Expecting(400, 404),
        random => Get("decorated operationId", PathSegment.Encode(random, HostileStrings.Decorated(random, target.OperationId))).Expecting(400, 404),
        random => Get("unknown operationId", random.Next(2) == 0 ? PartnerRequests.UnknownId(random) : Guid(random)).Expecting(404),
        // The real operation's id in another case or with a suffix is another id: not found.
        random => Get("near operationId", random.Next(2) == 0 ? target.OperationId.ToUpperInvariant() : target.OperationId + "-" + random.Next(100)).Expecting(404),
        random => _requests.WithBadKey(random, Get("valid", target.OperationId)).Expecting(401),
        random => PartnerRequests.WithWrongMethod(random, Get("valid", target.OperationId), "GET"),
    ];

    private static string Guid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes).ToString("D");
    }

    private FuzzRequest Get(string @class, string operationId) => _requests.Get(@class, Routes.Operation(operationId));
}
