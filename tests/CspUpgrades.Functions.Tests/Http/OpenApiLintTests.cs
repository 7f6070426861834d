using System.Diagnostics;
using CspUpgrades.Functions.Tests.Publishing;

namespace CspUpgrades.Functions.Tests.Http;

/// <summary>
/// The committed contract lints clean under Redocly CLI's recommended rules with every warning an error (redocly.yaml;
/// npm, pinned in package.json), as a partner's API tooling would lint it.
/// </summary>
public sealed class OpenApiLintTests
{
    [Fact]
    public async Task TheContractLintsCleanUnderRedoclysRecommendedStrictRules()
    {
        var (exitCode, output) = await LintAsync(Path.Combine("docs", "openapi.v1.json"));

        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task TheLintFailsADocumentThatBreaksARule()
    {
        var document = Path.Combine(Path.GetTempPath(), $"openapi-{Guid.NewGuid():N}.json");
        var text = await File.ReadAllTextAsync(Path.Combine(PublishedApp.RepositoryRoot(), "docs", "openapi.v1.json"));
        await File.WriteAllTextAsync(document, text.Replace("\"summary\": \"Check which upgrades", "\"x-summary\": \"Check which upgrades", StringComparison.Ordinal));
        try
        {
            var (exitCode, output) = await LintAsync(document);

            Assert.NotEqual(0, exitCode);
            Assert.Contains("operation-summary", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(document);
        }
    }

    private static async Task<(int ExitCode, string Output)> LintAsync(string document)
    {
        var root = PublishedApp.RepositoryRoot();
        var cli = Path.Combine(root, "node_modules", "@redocly", "cli", "bin", "cli.js");
        Assert.True(File.Exists(cli), $"Redocly CLI is not installed ({cli}): run ./test.sh, or `npm ci` in {root}.");
        var start = new ProcessStartInfo("node") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { cli, "lint", document, "--config", "redocly.yaml" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        using var lint = Process.Start(start)!;
        var stdout = lint.StandardOutput.ReadToEndAsync();
        var stderr = lint.StandardError.ReadToEndAsync();
        await lint.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (lint.ExitCode, await stdout + await stderr);
    }
}
