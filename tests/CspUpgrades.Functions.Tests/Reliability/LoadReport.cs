using System.Globalization;
using System.Text;
using CspUpgrades.Testing.Azurite.Faults;

namespace CspUpgrades.Functions.Tests.Reliability;

/// <summary>What a <see cref="LoadScenario"/> run showed, and a summary for the test output (and docs/RELIABILITY.md).</summary>
public sealed record LoadReport(
    LoadPlan Plan, StorageFaultRates Faults, LoadOutcome Outcome, Reconciliation Reconciliation, int Poisoned, long StorageAttempts,
    IReadOnlyDictionary<StorageFault, long> Injected)
{
    public string Summary()
    {
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        text.AppendLine(culture, $"customers {Plan.Customers}, eligibility checks {Outcome.EligibilityChecks}, callers {Plan.Callers}");
        text.AppendLine(culture, $"faults: busy {Faults.Busy:P1} of attempts, answer lost {Faults.AnswerLost:P1} and timeout {Faults.Timeout:P1} of writes");
        text.AppendLine(culture, $"accepted {Outcome.Accepted.Count} (+{Outcome.RefusedCompetitors} competing requests refused with 409), duplicate messages {Outcome.DuplicateMessages}, client retries after 503 {Outcome.ClientRetries}");
        text.AppendLine(culture, $"storage attempts {StorageAttempts}; injected {string.Join(", ", Injected.Select(pair => $"{pair.Key} {pair.Value}"))}");
        text.AppendLine(culture, $"succeeded {Reconciliation.Succeeded}, failed {Reconciliation.Failed} ({string.Join(", ", Reconciliation.FailureCodes.Select(pair => $"{pair.Key} {pair.Value}"))}), poisoned {Poisoned}");
        text.AppendLine(culture, $"requests done in {Outcome.RequestPhase.TotalSeconds:0.0} s, all finished at {Outcome.UntilAllFinished.TotalSeconds:0.0} s, queue drained at {Outcome.UntilQueueDrained.TotalSeconds:0.0} s");
        text.AppendLine(culture, $"reconciliation walked {Reconciliation.RowsWalked} rows: {Reconciliation.Problems.Count} problems");
        foreach (var problem in Reconciliation.Problems.Take(50))
        {
            text.AppendLine(problem);
        }

        return text.ToString();
    }
}
