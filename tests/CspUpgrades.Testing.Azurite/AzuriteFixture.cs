using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Xunit;

namespace CspUpgrades.Testing.Azurite;

/// <summary>
/// Starts one Azurite (from the repository's node_modules) on free loopback ports with a fresh on-disk location,
/// and stops it afterwards. A missing Node.js or Azurite is a loud failure, never a skip.
/// Share it per test assembly by declaring, once in that assembly:
/// <code>
/// [CollectionDefinition(AzuriteFixture.CollectionName)]
/// public sealed class AzuriteCollectionDefinition : ICollectionFixture&lt;AzuriteFixture&gt;;
/// </code>
/// and marking test classes <c>[Collection(AzuriteFixture.CollectionName)]</c> with an <c>AzuriteFixture</c> constructor parameter.
/// </summary>
public sealed partial class AzuriteFixture : IAsyncLifetime
{
    public const string CollectionName = "Azurite";

    /// <summary>Azurite's published development key: not a secret.</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public const string AccountName = "devstoreaccount1";

    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(30);
    private static int s_names;

    private readonly string? _repositoryRoot;
    private readonly string _node;
    private readonly StringBuilder _output = new();
    private readonly Dictionary<string, int> _ports = [];
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Process? _process;
    private string? _location;

    public AzuriteFixture()
        : this(repositoryRoot: null, node: "node")
    {
    }

    /// <summary>For testing the fixture's own failure messages.</summary>
    internal AzuriteFixture(string? repositoryRoot, string node)
    {
        _repositoryRoot = repositoryRoot;
        _node = node;
    }

    public string ConnectionString { get; private set; } = string.Empty;

    public Uri TableEndpoint { get; private set; } = null!;

    public Uri QueueEndpoint { get; private set; } = null!;

    public Uri BlobEndpoint { get; private set; } = null!;

    /// <summary>The process id, for diagnostics.</summary>
    public int ProcessId => _process?.Id ?? 0;

    /// <summary>
    /// A name unique within this test run that is valid for both a table (letters and digits, starting with a letter)
    /// and a queue (lower-case): <c>prefix</c> stripped to lower-case letters and digits, plus a counter and random suffix.
    /// </summary>
    public static string UniqueName(string prefix)
    {
        var clean = new string(prefix.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray());
        if (clean.Length == 0 || !char.IsAsciiLetter(clean[0]))
        {
            clean = "t" + clean;
        }

        var suffix = Interlocked.Increment(ref s_names).ToString(System.Globalization.CultureInfo.InvariantCulture)
            + Guid.NewGuid().ToString("N")[..8];
        return (clean.Length > 63 - suffix.Length ? clean[..(63 - suffix.Length)] : clean) + suffix;
    }

    public async Task InitializeAsync()
    {
        var root = _repositoryRoot ?? FindRepositoryRoot();
        var azurite = Path.Combine(root, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(azurite))
        {
            throw new InvalidOperationException(
                $"Azurite is not installed: {azurite} is missing. Fix: run ./test.sh, or `npm ci` in {root}.");
        }

        _location = Path.Combine(Path.GetTempPath(), "azurite-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_location);
        var start = new ProcessStartInfo(_node)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        foreach (var argument in new[]
        {
            azurite, "--location", _location,
            "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
            "--blobPort", "0", "--queuePort", "0", "--tablePort", "0",
            "--skipApiVersionCheck", "--disableTelemetry", "--silent",
        })
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            _process = Process.Start(start) ?? throw new InvalidOperationException("Process.Start returned null.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            await DisposeAsync();
            throw new InvalidOperationException(
                $"Could not start `{_node}` ({e.Message}). Azurite needs Node.js 20+ on PATH. Fix: install Node.js, then run ./test.sh, or `npm ci` in {root}.", e);
        }

        // Keep draining both pipes for the whole run: a full pipe would block Azurite.
        _process.OutputDataReceived += (_, e) => OnOutput(e.Data);
        _process.ErrorDataReceived += (_, e) => OnOutput(e.Data);
        _process.EnableRaisingEvents = true;
        _process.Exited += (_, _) => _listening.TrySetException(new InvalidOperationException("Azurite exited during startup."));
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        try
        {
            await _listening.Task.WaitAsync(StartupTimeout);
            await WaitUntilAcceptingAsync(_ports["Table"]);
            await WaitUntilAcceptingAsync(_ports["Queue"]);
        }
        catch (Exception e)
        {
            var output = Output();
            await DisposeAsync();
            throw new InvalidOperationException(
                $"Azurite did not start within {StartupTimeout.TotalSeconds:0} s ({e.Message}). Its output:\n{output}", e);
        }

        BlobEndpoint = Endpoint("Blob");
        QueueEndpoint = Endpoint("Queue");
        TableEndpoint = Endpoint("Table");
        ConnectionString =
            $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
            $"BlobEndpoint={BlobEndpoint};QueueEndpoint={QueueEndpoint};TableEndpoint={TableEndpoint};";
    }

    public Task DisposeAsync()
    {
        if (_process is { } process)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(10_000);
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            process.Dispose();
            _process = null;
        }

        if (_location is not null && Directory.Exists(_location))
        {
            try
            {
                Directory.Delete(_location, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open; the temp directory is cleaned by the OS eventually.
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Everything Azurite printed so far (for failure messages).</summary>
    public string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Functions.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Functions.sln above {AppContext.BaseDirectory}: cannot find the repository root (and its node_modules).");
    }

    private static async Task WaitUntilAcceptingAsync(int port)
    {
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
    }

    private Uri Endpoint(string service) => new($"http://127.0.0.1:{_ports[service]}/{AccountName}");

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Length < 64 * 1024)
            {
                _output.AppendLine(line);
            }

            var match = ListeningPattern().Match(line);
            if (match.Success)
            {
                _ports[match.Groups[1].Value] = int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
                if (_ports.ContainsKey("Blob") && _ports.ContainsKey("Queue") && _ports.ContainsKey("Table"))
                {
                    _listening.TrySetResult();
                }
            }
        }
    }

    [GeneratedRegex(@"Azurite (Blob|Queue|Table) service is successfully listening at http://[^:]+:(\d+)")]
    private static partial Regex ListeningPattern();
}
