using CspUpgrades.Functions.LocalRunner;

namespace CspUpgrades.Functions.Composition;

public static class LocalRunnerRegistration
{
    /// <summary>The local trigger runner; it stays idle when the Functions host started the app.</summary>
    public static IServiceCollection AddLocalTriggerRunner(this IServiceCollection services)
    {
        services.AddOptions<LocalRunnerOptions>().BindConfiguration(LocalRunnerOptions.Section);
        services.AddHttpClient(InvocationDispatcher.HttpClientName, client => client.Timeout = TimeSpan.FromMinutes(10));
        services.AddSingleton<InvocationDispatcher>();
        services.AddHostedService<LocalTriggerRunner>();
        return services;
    }
}
