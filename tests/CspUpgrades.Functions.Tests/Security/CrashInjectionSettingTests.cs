using CspUpgrades.Functions.Composition;
using CspUpgrades.Functions.ExecuteUpgrade;
using CspUpgrades.Functions.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace CspUpgrades.Functions.Tests.Security;

/// <summary>
/// <c>Testing:CrashAtUpgradeStep</c> kills the worker in the middle of an upgrade (the crash tests' fault): the app's
/// composition refuses it outside the <c>Development</c> environment, when it starts.
/// </summary>
public sealed class CrashInjectionSettingTests
{
    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void TheAppRefusesACrashStepOutsideDevelopment(string environment)
    {
        using var services = Composed(environment, UpgradeStep.Committed);

        var refused = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<UpgradeFaultOptions>>().Value);

        Assert.Contains("Testing:CrashAtUpgradeStep", refused.Message, StringComparison.Ordinal);
        Assert.NotNull(services.GetService<IStartupValidator>());
    }

    [Fact]
    public void DevelopmentMayInjectACrash()
    {
        using var services = Composed(Environments.Development, UpgradeStep.Committed);

        Assert.Equal(UpgradeStep.Committed, services.GetRequiredService<IOptions<UpgradeFaultOptions>>().Value.CrashAtUpgradeStep);
    }

    [Fact]
    public void WithoutACrashStepAnyEnvironmentStarts()
    {
        using var services = Composed(Environments.Production, crashAt: null);

        Assert.Null(services.GetRequiredService<IOptions<UpgradeFaultOptions>>().Value.CrashAtUpgradeStep);
    }

    /// <summary>The app's use-case registrations (<see cref="UseCaseRegistration"/>) over the given settings and environment.</summary>
    private static ServiceProvider Composed(string environment, UpgradeStep? crashAt)
    {
        var settings = new Dictionary<string, string?>
        {
            [AppSettings.ConfigurationKey(AppSettings.WebhookSecret)] = Support.ClientRequests.WebhookSecret,
            [AppSettings.ConfigurationKey(AppSettings.CrashAtUpgradeStep)] = crashAt?.ToString(),
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = environment });
        services.AddUseCases(configuration);
        return services.BuildServiceProvider();
    }
}
