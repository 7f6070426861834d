using CspUpgrades.Storage.Composition;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CspUpgrades.Operator;

/// <summary>
/// Configured as the app is when it runs on its own: <c>local.settings.json</c> in the working directory, then the
/// environment (<c>AzureWebJobsStorage</c>, <c>Storage__TableName</c>, …) and the command line; the storage clients and
/// stores are the registration the app uses too (the Storage project's <c>AddStorage</c>).
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Configuration.AddLocalSettings(builder.Environment.ContentRootPath);
        // Standard output carries what a command prints (run.sh reads seed-demo's last two lines): logs go to standard error.
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddStorage(builder.Configuration);

        using var host = builder.Build();
        return await CommandLine.RunAsync(host.Services, args);
    }
}
