using System.Diagnostics;
using System.Runtime.Versioning;
using CspUpgrades.Portal.Tests.Support;

namespace CspUpgrades.Portal.Tests;

/// <summary>
/// scripts/ensure-chromium.sh, which test.sh runs before the browser tests, where the browser is missing. The machine's own
/// /usr/bin/chromium is shared with other runs and stays untouched: the script is pointed at a browser path in a temporary
/// folder (CSPUPGRADES_CHROMIUM) and runs with a PATH holding only stand-ins for id, sudo and apt-get, which record how they
/// were called. The stand-in apt-get "installs" by writing an executable at that path, as the real package does.
/// </summary>
[UnsupportedOSPlatform("windows")] // a bash script, run where test.sh runs
public sealed class EnsureChromiumScriptTests : IDisposable
{
    private const string Install = "install -y -qq --no-install-recommends chromium fonts-wqy-microhei";

    private readonly string _folder = Directory.CreateTempSubdirectory("ensure-chromium-").FullName;

    private string Browser => Path.Combine(_folder, "chromium");

    private string Calls => Path.Combine(_folder, "calls.log");

    [Fact]
    public async Task APresentBrowserIsLeftAsItIs()
    {
        await File.WriteAllTextAsync(Browser, "#!/bin/sh\necho Chromium 156.0.0.0\n");
        File.SetUnixFileMode(Browser, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        WithStandIns(uid: 0, sudo: null);

        var run = await RunAsync();

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(CallsMade());
    }

    [Fact]
    public async Task AsRootAMissingBrowserIsInstalledWithAptGet()
    {
        WithStandIns(uid: 0, sudo: null);

        var run = await RunAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["apt-get update -qq", $"apt-get {Install}"], CallsMade());
        Assert.Contains("Chromium 156", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherUserInstallsItThroughPasswordlessSudo()
    {
        WithStandIns(uid: 1000, sudo: "passwordless");

        var run = await RunAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["sudo -n true", "sudo -n apt-get update -qq", "apt-get update -qq", $"sudo -n apt-get {Install}", $"apt-get {Install}"], CallsMade());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("asks for a password")]
    public async Task AUserWhoCannotInstallIsToldTheCommandToRun(string? sudo)
    {
        WithStandIns(uid: 1000, sudo: sudo);

        var run = await RunAsync();

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium fonts-wqy-microhei", run.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain(CallsMade(), call => call.StartsWith("apt-get", StringComparison.Ordinal) || call.Contains(" apt-get", StringComparison.Ordinal));
        Assert.False(File.Exists(Browser));
    }

    [Fact]
    public async Task AMachineWithoutAptGetIsToldWhatToInstall()
    {
        WithStandIns(uid: 0, sudo: null, aptGet: false);

        var run = await RunAsync();

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("has no apt-get", run.Errors, StringComparison.Ordinal);
        Assert.Contains($"link it at {Browser}", run.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFailedInstallShowsTheEndOfAptGetsLog()
    {
        WithStandIns(uid: 0, sudo: null, installFails: true);

        var run = await RunAsync();

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("E: Unable to locate package chromium", run.Errors, StringComparison.Ordinal);
        Assert.Contains("Installing chromium with apt-get failed", run.Errors, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_folder, "cspupgrades-chromium-install.log"))); // in TMPDIR, not the shared /tmp
    }

    [Fact]
    public async Task AnInstallThatLeavesNoBrowserFails()
    {
        WithStandIns(uid: 0, sudo: null, installsBrowser: false);

        var run = await RunAsync();

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{Browser} is not there", run.Errors, StringComparison.Ordinal);
    }

    /// <summary>A bin folder with only what the script may use: bash's builtins, tail, and stand-ins for id, sudo and apt-get.</summary>
    private void WithStandIns(int uid, string? sudo, bool aptGet = true, bool installFails = false, bool installsBrowser = true)
    {
        var bin = Directory.CreateDirectory(Path.Combine(_folder, "bin")).FullName;
        File.CreateSymbolicLink(Path.Combine(bin, "tail"), "/usr/bin/tail");
        Script(bin, "id", $"echo {uid}");
        if (sudo is not null)
        {
            var allowed = sudo == "passwordless";
            Script(bin, "sudo", $"""
                echo "sudo $*" >> "{Calls}"
                [ "$1" = -n ] && shift
                {(allowed ? "\"$@\"" : "echo 'sudo: a password is required' >&2; exit 1")}
                """);
        }

        if (aptGet)
        {
            var install = installFails
                ? "echo 'E: Unable to locate package chromium'; exit 100"
                : installsBrowser
                    ? $"printf '#!/bin/sh\\necho Chromium 156.0.0.0\\n' > \"{Browser}\"; /bin/chmod +x \"{Browser}\""
                    : "true";
            Script(bin, "apt-get", $"""
                echo "apt-get $*" >> "{Calls}"
                case "$1" in install) {install} ;; esac
                """);
        }
    }

    private static void Script(string bin, string name, string body)
    {
        var path = Path.Combine(bin, name);
        File.WriteAllText(path, "#!/bin/bash\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private string[] CallsMade() => File.Exists(Calls) ? File.ReadAllLines(Calls) : [];

    private async Task<ScriptRun> RunAsync()
    {
        var start = new ProcessStartInfo("/bin/bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _folder,
        };
        start.ArgumentList.Add(Path.Combine(Repository.Root, "scripts", "ensure-chromium.sh"));
        start.Environment.Clear();
        start.Environment["PATH"] = Path.Combine(_folder, "bin");
        start.Environment["TMPDIR"] = _folder;
        start.Environment["CSPUPGRADES_CHROMIUM"] = Browser;

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return new ScriptRun(process.ExitCode, await output, await errors);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private sealed record ScriptRun(int ExitCode, string Output, string Errors);
}
