using CspUpgrades.Functions.Settings;
using CspUpgrades.LocalHost;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CspUpgrades.Testing.App;

/// <summary>
/// The app in a folder (its build output or its unpacked deployment package) under the local Functions host, the worker a
/// process of its own as Azure runs it: the one way the tests and the benchmark start it, with the settings every instance
/// of the app under test is given (<see cref="Settings"/>) and the caller's on top.
/// </summary>
public static class AppProcess
{
    /// <summary>The webhook signing secret every app under test is configured with (<c>Webhooks__Secret</c>).</summary>
    public const string WebhookSecret = "whsec_dGVzdC13ZWJob29rLXNlY3JldC0zMi1ieXRlcy1sb25nIQ==";

    /// <summary>Timers fire only when a test or the benchmark fires them through the host's admin API.</summary>
    public const string Never = "0 0 0 1 1 *";

    /// <summary>What every instance of the app under test is given: the storage account, its table, the webhook secret, no timers.</summary>
    public static Dictionary<string, string> Settings(string storageConnectionString, string tableName) => new()
    {
        [AppSettings.AuditSchedule] = Never,
        [AppSettings.StuckOperationSweepSchedule] = Never,
        ["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated",
        [AppSettings.Storage] = storageConnectionString,
        [AppSettings.StorageTableName] = tableName,
        [AppSettings.WebhookSecret] = WebhookSecret,
    };

    /// <param name="appDirectory">The app's folder: functions.metadata, worker.config.json and host.json at its root.</param>
    /// <param name="settings">App settings in their environment form (<c>Section__Key</c>), over <see cref="Settings"/>.</param>
    public static Task<LocalFunctionsHost> StartAsync(
        string appDirectory, string storageConnectionString, string tableName, IReadOnlyDictionary<string, string>? settings = null,
        ILoggerFactory? loggerFactory = null)
    {
        var values = Settings(storageConnectionString, tableName);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            values[key] = value;
        }

        var options = new LocalHostOptions { AppDirectory = Path.GetFullPath(appDirectory), Port = 0, SettingOverrides = values };
        return LocalFunctionsHost.StartAsync(options, loggerFactory ?? NullLoggerFactory.Instance);
    }
}
