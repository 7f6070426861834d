namespace CspUpgrades.Testing.Azurite.Faults;

/// <summary>How <see cref="StorageFaultTransport"/> failed an attempt.</summary>
public enum StorageFault
{
    /// <summary>503 without reaching storage.</summary>
    Busy,

    /// <summary>Applied by storage, answered 503.</summary>
    AnswerLost,

    /// <summary>Applied by storage, never answered: the attempt times out.</summary>
    Timeout,
}
