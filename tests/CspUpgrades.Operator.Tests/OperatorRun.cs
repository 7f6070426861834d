namespace CspUpgrades.Operator.Tests;

/// <summary>What one run of the operator console left: its exit code and the lines it wrote to each stream.</summary>
public sealed record OperatorRun(int ExitCode, IReadOnlyList<string> Output, IReadOnlyList<string> Error)
{
    public override string ToString() =>
        $"exit code {ExitCode}\nstdout:\n{string.Join('\n', Output)}\nstderr:\n{string.Join('\n', Error)}";
}
