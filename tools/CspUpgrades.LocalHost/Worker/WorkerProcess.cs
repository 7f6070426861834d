using System.Diagnostics;
using System.Globalization;
using CspUpgrades.LocalHost.App;

namespace CspUpgrades.LocalHost.Worker;

/// <summary>
/// The worker's process, started as the Functions host starts it: worker.config.json's executable and worker path,
/// then the host's arguments (both the old names and the <c>--functions-*</c> names Worker 2.x reads), working directory
/// the app folder, environment the host's own plus local.settings.json Values plus the directories the worker needs.
/// </summary>
internal sealed class WorkerProcess : IStartedWorker
{
    /// <summary>The gRPC message size limit the host announces (the Functions host's is int.MaxValue).</summary>
    public const int GrpcMaxMessageLength = int.MaxValue;

    private readonly Process _process;
    private readonly TaskCompletionSource<int?> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WorkerProcess(Process process, string executable, string arguments)
    {
        _process = process;
        Executable = executable;
        Arguments = arguments;
    }

    public int ProcessId { get; private set; }

    public string Executable { get; }

    public string Arguments { get; }

    /// <summary>Completes with the exit code when the process is gone.</summary>
    public Task<int?> Exited => _exited.Task;

    public static ProcessStartInfo CreateStartInfo(FunctionApp app, Uri grpcUri, string workerId, string requestId)
    {
        var start = new ProcessStartInfo(ResolveExecutable(app))
        {
            WorkingDirectory = app.Directory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in app.Worker.ExecutableArguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (!string.IsNullOrEmpty(app.Worker.WorkerPath))
        {
            start.ArgumentList.Add(Path.Combine(app.Directory, app.Worker.WorkerPath));
        }

        foreach (var argument in app.Worker.WorkerArguments)
        {
            start.ArgumentList.Add(argument);
        }

        var maxLength = GrpcMaxMessageLength.ToString(CultureInfo.InvariantCulture);
        foreach (var argument in new[]
        {
            "--host", grpcUri.Host, "--port", grpcUri.Port.ToString(CultureInfo.InvariantCulture),
            "--workerId", workerId, "--requestId", requestId, "--grpcMaxMessageLength", maxLength,
            "--functions-uri", grpcUri.AbsoluteUri, "--functions-worker-id", workerId,
            "--functions-request-id", requestId, "--functions-grpc-max-message-length", maxLength,
        })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in app.Settings.Values)
        {
            start.Environment[key] = value;
        }

        start.Environment["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        start.Environment["FUNCTIONS_APPLICATION_DIRECTORY"] = app.Directory;
        start.Environment["FUNCTIONS_WORKER_DIRECTORY"] = app.Directory;
        start.Environment["AzureWebJobsScriptRoot"] = app.Directory;
        return start;
    }

    private static readonly TimeSpan OutputDrainLimit = TimeSpan.FromSeconds(2);

    public static WorkerProcess Start(FunctionApp app, Uri grpcUri, string workerId, string requestId, ILogger logger)
    {
        var start = CreateStartInfo(app, grpcUri, workerId, requestId);
        var commandLine = string.Join(' ', start.ArgumentList);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var worker = new WorkerProcess(process, start.FileName, commandLine);
        process.Exited += (_, _) =>
        {
            // The exit can be signalled before the last lines of its output are read (a FailFast message on stderr): read
            // them first, so the log says why it died, but never wait long for a stream a grandchild might hold open.
            var drained = Task.Run(() => process.WaitForExit()).WaitAsync(OutputDrainLimit);
            _ = drained.ContinueWith(_ => worker._exited.TrySetResult(SafeExitCode(process)), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        };
        process.OutputDataReceived += (_, e) =>
        {
            if (!string.IsNullOrEmpty(e.Data))
            {
                HostLog.WorkerOutput(logger, workerId, e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (!string.IsNullOrEmpty(e.Data))
            {
                HostLog.WorkerOutput(logger, workerId, e.Data);
            }
        };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            throw new FunctionAppLoadException($"Could not start the worker '{start.FileName}' (from worker.config.json): {e.Message}", e);
        }

        worker.ProcessId = process.Id;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    public bool HasExited
    {
        get
        {
            try
            {
                return _process.HasExited;
            }
            catch (InvalidOperationException)
            {
                return true;
            }
        }
    }

    /// <summary>Kills the process and everything it started.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    public ValueTask DisposeAsync()
    {
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private static int? SafeExitCode(Process process)
    {
        try
        {
            return process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>
    /// "dotnet" is the dotnet the local host runs on (DOTNET_HOST_PATH, or this process if it is dotnet), else from PATH;
    /// a relative path is the app's own apphost.
    /// </summary>
    private static string ResolveExecutable(FunctionApp app)
    {
        var executable = app.Worker.ExecutablePath;
        if (string.Equals(executable, "dotnet", StringComparison.OrdinalIgnoreCase) || string.Equals(executable, "dotnet.exe", StringComparison.OrdinalIgnoreCase))
        {
            var hostPath = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            if (!string.IsNullOrEmpty(hostPath) && File.Exists(hostPath))
            {
                return hostPath;
            }

            var self = Environment.ProcessPath;
            return self is not null && Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase) ? self : executable;
        }

        var local = Path.Combine(app.Directory, executable);
        return File.Exists(local) ? local : executable;
    }
}
