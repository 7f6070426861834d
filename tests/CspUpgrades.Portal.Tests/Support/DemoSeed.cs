using System.Diagnostics;

namespace CspUpgrades.Portal.Tests.Support;

/// <summary>
/// The demo data as <c>./run.sh</c> loads it: the operator console's <c>seed-demo</c> (its build output, a process of its
/// own) on the test's storage and table. It prints the demo partner's new API key on its second-to-last line.
/// </summary>
public static class DemoSeed
{
    public static async Task<string> RunAsync(string storageConnectionString, string tableName)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(Path.Combine(Repository.OperatorDirectory, "CspUpgrades.Operator.dll"));
        start.ArgumentList.Add("seed-demo");
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        start.Environment["AzureWebJobsStorage"] = storageConnectionString;
        start.Environment["Storage__TableName"] = tableName;

        using var process = Process.Start(start) ?? throw new InvalidOperationException("The operator console did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        var lines = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (process.ExitCode != 0 || lines.Length < 2)
        {
            throw new InvalidOperationException($"seed-demo exited with {process.ExitCode}:\n{await output}\n{await error}");
        }

        return lines[^2];
    }
}
