using System.Globalization;

namespace CspUpgrades.Bench;

/// <summary>
/// What to run and how big. Defaults are issue #6's sizes, chosen to finish in about five minutes on two cores;
/// every size can be changed with <c>--name value</c> (see <see cref="Usage"/>).
/// </summary>
internal sealed record BenchOptions
{
    public const string Usage = """
        Usage: CspUpgrades.Bench --app <the app: its deployment package (cspupgrades.zip, unpacked beside it) or a folder> [options]
          --customers N            eligibility data set: customers, 1..max-subscriptions subscriptions each (10000)
          --max-subscriptions N    (20)
          --callers 1,8,32         concurrent callers of the eligibility check
          --seconds S              measured seconds per eligibility level, app and raw each (8)
          --upgrades N             upgrades requested end to end (400), and raw upgrade iterations
          --upgrade-callers N      concurrent upgrade requesters and raw workers (8)
          --audit-sizes 1000,10000 subscriptions per audit in a table of its own; the largest audit reads the
                                   eligibility data set (about 105,000 subscriptions at the default size)
          --samples N              AddLicenses calls and webhook events counted (100); 2 × N eligibility checks with
                                   an API key and as many with a bearer token (the credential's cost)
          --starts N               cold starts measured, phase by phase (3)
          --hop-calls N            sequential GET /api/health calls timing the host → worker hop (500)
          --out DIR                where run-<timestamp>.json goes (bench/results)
        CspUpgrades.Bench summarize <run.json>...   medians of several runs, as one table
        """;

    public required string App { get; init; }

    public int Customers { get; init; } = 10_000;

    public int MaxSubscriptions { get; init; } = 20;

    public IReadOnlyList<int> Callers { get; init; } = [1, 8, 32];

    public TimeSpan PhaseDuration { get; init; } = TimeSpan.FromSeconds(8);

    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(2);

    public int Upgrades { get; init; } = 400;

    public int UpgradeCallers { get; init; } = 8;

    public IReadOnlyList<int> AuditSizes { get; init; } = [1_000, 10_000];

    public int Samples { get; init; } = 100;

    public int Starts { get; init; } = 3;

    public int HopCalls { get; init; } = 500;

    public string OutputDirectory { get; init; } = Path.Combine("bench", "results");

    /// <summary>Seconds to wait for the queue to drain before an upgrade run counts as failed.</summary>
    public TimeSpan UpgradeTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>The smallest run that still exercises every measurement: the test suite's smoke test.</summary>
    public static BenchOptions Smoke(string app, string outputDirectory) => new()
    {
        App = app,
        Customers = 40,
        MaxSubscriptions = 5,
        Callers = [1, 4],
        PhaseDuration = TimeSpan.FromSeconds(0.5),
        WarmUp = TimeSpan.FromSeconds(0.2),
        Upgrades = 12,
        UpgradeCallers = 4,
        AuditSizes = [100],
        Samples = 5,
        Starts = 1,
        HopCalls = 20,
        OutputDirectory = outputDirectory,
        UpgradeTimeout = TimeSpan.FromSeconds(60),
    };

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        string? app = null;
        var options = new BenchOptions { App = string.Empty };
        for (var i = 0; i < args.Count; i += 2)
        {
            if (i + 1 >= args.Count)
            {
                throw new ArgumentException($"{args[i]} needs a value.\n{Usage}");
            }

            var value = args[i + 1];
            options = args[i] switch
            {
                "--app" => options with { App = app = value },
                "--customers" => options with { Customers = Int(value) },
                "--max-subscriptions" => options with { MaxSubscriptions = Int(value) },
                "--callers" => options with { Callers = Ints(value) },
                "--seconds" => options with { PhaseDuration = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture)) },
                "--upgrades" => options with { Upgrades = Int(value) },
                "--upgrade-callers" => options with { UpgradeCallers = Int(value) },
                "--audit-sizes" => options with { AuditSizes = Ints(value) },
                "--samples" => options with { Samples = Int(value) },
                "--starts" => options with { Starts = Int(value) },
                "--hop-calls" => options with { HopCalls = Int(value) },
                "--out" => options with { OutputDirectory = value },
                _ => throw new ArgumentException($"Unknown option {args[i]}.\n{Usage}"),
            };
        }

        return app is { Length: > 0 } ? options : throw new ArgumentException("--app is required.\n" + Usage);
    }

    private static int Int(string value) => int.Parse(value, CultureInfo.InvariantCulture);

    private static int[] Ints(string value) => [.. value.Split(',').Select(Int)];
}
