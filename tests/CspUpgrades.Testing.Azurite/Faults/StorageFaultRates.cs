namespace CspUpgrades.Testing.Azurite.Faults;

/// <summary>
/// The share of attempts (0–1) <see cref="StorageFaultTransport"/> fails, per kind of fault. <see cref="Busy"/>
/// applies to every attempt; <see cref="AnswerLost"/> and <see cref="Timeout"/> to writes only.
/// </summary>
public sealed record StorageFaultRates(double Busy = 0, double AnswerLost = 0, double Timeout = 0, bool AmbiguousQueueReceives = false)
{
    public static StorageFaultRates None { get; } = new();
}
