using CspUpgrades.Domain.Catalog;
using CspUpgrades.Functions.AddLicenses;
using CspUpgrades.Functions.AuditBlockedUpgrades;
using CspUpgrades.Functions.CheckUpgradeEligibility;
using CspUpgrades.Functions.CustomerSummaries;
using CspUpgrades.Functions.Events;
using CspUpgrades.Functions.ExecuteUpgrade;
using CspUpgrades.Functions.FailPoisonedUpgrade;
using CspUpgrades.Functions.ReceiveSubscriptionEvent;
using CspUpgrades.Functions.RequestUpgrade;
using CspUpgrades.Functions.Security;
using CspUpgrades.Functions.Settings;
using CspUpgrades.Functions.SweepStuckOperations;
using CspUpgrades.Functions.Upgrades;

namespace CspUpgrades.Functions.Composition;

public static class UseCaseRegistration
{
    /// <summary>The offer catalog (embedded, or an operator's file in <c>Catalog__Path</c>) and one handler per use case.</summary>
    public static IServiceCollection AddUseCases(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => configuration.Setting(AppSettings.CatalogPath) is { Length: > 0 } path
            ? OfferCatalog.Load(File.ReadAllText(path))
            : OfferCatalog.LoadDefault());

        services.AddOptions<EventsOptions>().BindConfiguration(EventsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<UpgradeEvents>();
        services.AddSingleton<LicenseEvents>();
        services.AddSingleton<SubscriptionChangeEvents>();
        services.AddSingleton<AuditEvents>();
        services.AddSingleton<OutboxDrain>();
        services.AddSingleton<CustomerSummaryRefresher>();
        services.AddSingleton<CustomerSummaryRepair>();
        services.AddSingleton<UpgradeOutlooks>();
        services.AddSingleton<CheckUpgradeEligibilityHandler>();
        services.AddSingleton<RequestUpgradeHandler>();
        services.AddSingleton<UpgradeFailure>();
        services.AddSingleton<ExecuteUpgradeHandler>();
        services.AddSingleton<FailPoisonedUpgradeHandler>();
        services.AddSingleton<AddLicensesHandler>();
        services.AddSingleton<ReceiveSubscriptionEventHandler>();
        services.AddSingleton<AuditBlockedUpgradesHandler>();
        services.AddSingleton<SweepStuckOperationsHandler>();
        services.AddSingleton<UpgradeFaults>();
        services.AddOptions<UpgradeFaultOptions>().BindConfiguration(UpgradeFaultOptions.Section).RefusedOutsideDevelopment();
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section)
            .Validate(options => options.Secrets.All(IsValidSecret), "Webhooks:Secret and Webhooks:PreviousSecret must be whsec_ followed by base64.")
            .ValidateOnStart();

        services.AddSingleton<PartnerAuthenticator>();
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section);
        services.AddEntraTokenValidation();
        services.AddSingleton<PartnerCredentials>();
        services.AddPartnerEventPublishing(configuration);
        return services;
    }

    private static bool IsValidSecret(string secret)
    {
        try
        {
            return WebhookSignature.DecodeSecret(secret).Length >= 16;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
