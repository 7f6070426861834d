using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;
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

/// <summary>What the compiler made of one file: the ARM JSON (null when an error stopped it) and every diagnostic.</summary>
public sealed record BicepCompilation(string? Template, IReadOnlyList<BicepDiagnostic> Diagnostics);

/// <summary>
/// The Bicep CLI from the Azure.Bicep.CommandLine.linux-x64 package (a PackageDownload of this project;
/// the build records the binary's path as assembly metadata). NuGet does not keep a file's execute
/// permission, so the first use grants it. Compiling goes through one long-lived <c>bicep jsonrpc --stdio</c>
/// (the CLI's own interface for programs): a warm compiler builds infra/ in a fraction of a second, where a
/// <c>bicep build</c> process spends seconds starting; the mutation tests compile a copy each.
/// </summary>
public static partial class BicepCli
{
    private static readonly Lazy<string> Executable = new(FindExecutable);
    private static readonly Lazy<JsonRpcServer> Server = new(() => new JsonRpcServer(Executable.Value));

    /// <summary>Compiles <paramref name="file"/> as <c>bicep build</c> does; diagnostics name files relative to <paramref name="folder"/>.</summary>
    public static BicepCompilation Compile(string file, string folder)
    {
        var result = Server.Value.Call("bicep/compile", new { path = Path.GetFullPath(file) });
        var diagnostics = result.GetProperty("diagnostics").EnumerateArray()
            .Select(d => new BicepDiagnostic(
                Path.GetRelativePath(folder, d.GetProperty("source").GetString()!).Replace('\\', '/'),
                d.GetProperty("range").GetProperty("start").GetProperty("line").GetInt32() + 1,
                d.GetProperty("range").GetProperty("start").GetProperty("char").GetInt32() + 1,
                d.GetProperty("level").GetString()!, d.GetProperty("code").GetString()!, d.GetProperty("message").GetString()!))
            .Distinct()
            .ToList();
        var template = result.GetProperty("success").GetBoolean() && result.TryGetProperty("contents", out var contents) ? contents.GetString() : null;
        return new BicepCompilation(template, diagnostics);
    }

    /// <summary>Lints every .bicep file under <paramref name="folder"/>: <c>bicep lint --pattern **/*.bicep</c>.</summary>
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

/// <summary>
/// A JSON-RPC 2.0 conversation with <c>bicep jsonrpc --stdio</c>, framed as in the Language Server Protocol
/// (<c>Content-Length: n</c>, a blank line, n bytes of JSON). One call at a time; the process ends when the
/// test run does (its standard input closes).
/// </summary>
internal sealed class JsonRpcServer
{
    private readonly Process _process;
    private readonly Stream _input;
    private readonly Stream _output;
    private readonly StringBuilder _errors = new();
    private readonly Lock _lock = new();
    private int _id;

    public JsonRpcServer(string executable)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("jsonrpc");
        start.ArgumentList.Add("--stdio");
        _process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable} jsonrpc.");
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_errors)
            {
                _errors.AppendLine(e.Data);
            }
        };
        _process.BeginErrorReadLine();
        _input = _process.StandardInput.BaseStream;
        _output = _process.StandardOutput.BaseStream;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => _process.StandardInput.Close();
    }

    public JsonElement Call(string method, object parameters)
    {
        lock (_lock)
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(new { jsonrpc = "2.0", id = ++_id, method, @params = parameters });
            _input.Write(Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"));
            _input.Write(body);
            _input.Flush();

            var length = -1;
            for (var line = ReadHeaderLine(); line.Length > 0; line = ReadHeaderLine())
            {
                if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                {
                    length = int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            var message = new byte[length >= 0 ? length : throw Failure("a message without Content-Length")];
            _output.ReadExactly(message);
            using var response = JsonDocument.Parse(message);
            return response.RootElement.TryGetProperty("error", out var error)
                ? throw Failure($"{method} answered {error}")
                : response.RootElement.GetProperty("result").Clone();
        }
    }

    private string ReadHeaderLine()
    {
        var line = new StringBuilder();
        for (var b = _output.ReadByte(); b != '\n'; b = _output.ReadByte())
        {
            if (b < 0)
            {
                throw Failure("the end of its output");
            }

            line.Append((char)b);
        }

        return line.ToString().TrimEnd('\r');
    }

    private InvalidOperationException Failure(string what)
    {
        lock (_errors)
        {
            return new InvalidOperationException($"bicep jsonrpc: {what}.\n{_errors}");
        }
    }
}
