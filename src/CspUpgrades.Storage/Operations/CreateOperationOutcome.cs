namespace CspUpgrades.Storage.Operations;

/// <summary>What recording an operation found.</summary>
public abstract record CreateOperationOutcome
{
    /// <summary>Recorded now (or completed a recording an earlier attempt began).</summary>
    public sealed record Created(UpgradeOperation Operation) : CreateOperationOutcome;

    /// <summary>The same request was recorded before: replay its answer.</summary>
    public sealed record AlreadyExists(UpgradeOperation Operation) : CreateOperationOutcome;

    /// <summary>The id (idempotency key) was used before for a different request.</summary>
    public sealed record KeyReused : CreateOperationOutcome;
}
