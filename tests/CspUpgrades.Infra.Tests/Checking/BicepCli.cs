using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;

namespace CspUpgrades.Infra.Tests.Checking;

/// <summary>One message of the Bicep compiler or linter about a file (relative to the folder it ran in).</summary>
public sealed record BicepDiagnostic(string File, int Line, int Column, string Level, string Code, string Message)
{
    public bool IsError => Level == "Error";

    public override string ToString() => $"{File}({Line},{Column}): {Level} {Code}: {Message}";
}

/// <summary>What one run of the Bicep CLI said: its exit code and its diagnostics.</summary>
public sealed record BicepRun(int ExitCode, IReadOnlyList<BicepDiagnostic> Diagnostics, string Output);

/// <summary>
/// The Bicep CLI from the Azure.Bicep.CommandLine.linux-x64 package (a PackageDownload of this project;
/// the build records the binary's path as assembly metadata). NuGet does not keep a file's execute
/// permission, so the first use grants it.
/// </summary>
public static partial class BicepCli
{
    private static readonly Lazy<string> Executable = new(FindExecutable);

    /// <summary>Compiles every .bicep file under <paramref name="folder"/> into <paramref name="outputFolder"/>, keeping relative paths.</summary>
    public static BicepRun BuildAll(string folder, string outputFolder) =>
        Run(folder, "build", "--pattern", "**/*.bicep", "--outdir", outputFolder);

    /// <summary>Lints every .bicep file under <paramref name="folder"/>.</summary>
    public static BicepRun LintAll(string folder) => Run(folder, "lint", "--pattern", "**/*.bicep");

    private static BicepRun Run(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable.Value)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Executable.Value}.");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var text = output + error.GetAwaiter().GetResult();

        var diagnostics = text.Split('\n')
            .Select(line => DiagnosticPattern().Match(line.TrimEnd('\r')))
            .Where(m => m.Success)
            .Select(m => new BicepDiagnostic(
                Path.GetRelativePath(folder, Path.GetFullPath(m.Groups["file"].Value, folder)).Replace('\\', '/'),
                int.Parse(m.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(m.Groups["column"].Value, System.Globalization.CultureInfo.InvariantCulture),
                m.Groups["level"].Value, m.Groups["code"].Value, m.Groups["message"].Value))
            .Distinct() // a module's diagnostics come once for the module and once for each file that uses it
            .ToList();

        if (process.ExitCode != 0 && !diagnostics.Any(d => d.IsError))
        {
            throw new InvalidOperationException($"bicep {string.Join(' ', arguments)} failed ({process.ExitCode}) without an error diagnostic:\n{text}");
        }

        return new BicepRun(process.ExitCode, diagnostics, text);
    }

    private static string FindExecutable()
    {
        var path = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == "BicepCli")?.Value
            ?? throw new InvalidOperationException("The test assembly does not record where the Bicep CLI is (AssemblyMetadata BicepCli in the .csproj).");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"No Bicep CLI at {path}: restore the test project (it downloads Azure.Bicep.CommandLine.linux-x64).");
        }

        if (!OperatingSystem.IsWindows())
        {
            const UnixFileMode Execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            var mode = File.GetUnixFileMode(path);
            if ((mode & UnixFileMode.UserExecute) == 0)
            {
                File.SetUnixFileMode(path, mode | Execute);
            }
        }

        return path;
    }

    // /path/app/key-vault.bicep(52,48) : Warning outputs-should-not-contain-secrets: Outputs should not contain secrets. [https://…]
    [GeneratedRegex(@"^(?<file>.+?)\((?<line>\d+),(?<column>\d+)\) : (?<level>Error|Warning|Info) (?<code>[^:\s]+): (?<message>.*)$")]
    private static partial Regex DiagnosticPattern();
}
