namespace CspUpgrades.Functions.Tests.Reliability;

/// <summary>What an <see cref="UpgradeLoad"/> did and how long it took.</summary>
public sealed record LoadOutcome(
    IReadOnlyList<AcceptedUpgrade> Accepted,
    int RefusedCompetitors,
    int EligibilityChecks,
    int DuplicateMessages,
    int ClientRetries,
    TimeSpan RequestPhase,
    TimeSpan UntilAllFinished,
    TimeSpan UntilQueueDrained);
