using CspUpgrades.LocalHost.FixtureApp.Services;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CspUpgrades.LocalHost.FixtureApp;

/// <summary>The fixture app's composition: <c>Program</c> builds and runs it, in-process tests build it with their overrides.</summary>
public static class FixtureApplication
{
    public static FunctionsApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        builder.Services.AddSingleton<IGreeter, FixtureGreeter>();
        builder.Services.AddSingleton<WorkLedger>();
        return builder;
    }
}
