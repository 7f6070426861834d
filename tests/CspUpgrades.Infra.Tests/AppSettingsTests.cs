using System.Reflection;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Queues;
using CspUpgrades.Functions.Composition;
using CspUpgrades.Functions.Settings;
using CspUpgrades.Functions.Upgrades;
using CspUpgrades.Infra.Tests.Checking;
using CspUpgrades.Infra.Tests.Support;
using CspUpgrades.Storage.Composition;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CspUpgrades.Infra.Tests;

/// <summary>AppSettings.All is the one list of what the app reads; these prove it is complete and consistent.</summary>
public class AppSettingsTests
{
    // The app and the storage composition it registers (which the operator console shares).
    private static readonly Assembly[] App = [typeof(AppSettings).Assembly, typeof(StorageOptions).Assembly];

    [Fact]
    public void EveryPropertyOfEveryBoundOptionsClassIsListedUnderItsSection()
    {
        var listed = AppSettings.All.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);

        var missing = BoundOptionsTypes()
            .SelectMany(type => SettableProperties(type).Select(property => SectionOf(type) + "__" + property.Name))
            .Where(name => !listed.Contains(name))
            .ToList();

        Assert.True(missing.Count == 0, "Bound by the app but not in AppSettings.All: " + string.Join(", ", missing));
    }

    [Fact]
    public void EveryListedSettingOfABoundSectionIsAPropertyOfItsOptionsClass()
    {
        var properties = BoundOptionsTypes()
            .SelectMany(type => SettableProperties(type).Select(property => SectionOf(type) + "__" + property.Name))
            .ToHashSet(StringComparer.Ordinal);
        var sections = BoundOptionsTypes().Select(type => SectionOf(type) + "__").ToList();

        var stale = AppSettings.All.Select(s => s.Name)
            .Where(name => sections.Any(section => name.StartsWith(section, StringComparison.Ordinal)) && !properties.Contains(name))
            .ToList();

        Assert.True(stale.Count == 0, "Listed under a bound section but no such property: " + string.Join(", ", stale));
    }

    [Fact]
    public void EveryOptionsClassWithASectionIsBoundByTheApp()
    {
        var declared = App.SelectMany(assembly => assembly.GetTypes()).Where(type => type.GetField("Section", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true }).ToList();

        Assert.NotEmpty(declared);
        Assert.Equal(declared.OrderBy(t => t.FullName), BoundOptionsTypes().OrderBy(t => t.FullName));
    }

    [Fact]
    public void NamesAreUniqueIgnoringCaseAsAppServiceTreatsThem() =>
        Assert.Equal(AppSettings.All.Count, AppSettings.All.Select(s => s.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());

    [Fact]
    public void LocalOnlySettingsAreInTheSampleAndTestOnesAreNot()
    {
        Assert.All(AppSettings.All.Where(s => s.Use == SettingUse.LocalOnly), s => Assert.True(s.InLocalSettingsSample, s.Name));
        Assert.All(AppSettings.All.Where(s => s.Use == SettingUse.TestOnly),
            s => Assert.False(s.InLocalSettingsSample, s.Name));
    }

    [Fact]
    public void ConfigurationKeysUseColonsWhereAppSettingsUseDoubleUnderscores()
    {
        Assert.Equal("Webhooks:Secret", AppSettings.ConfigurationKey(AppSettings.WebhookSecret));
        Assert.Equal("AzureWebJobsStorage:accountName", AppSettings.ConfigurationKey(AppSettings.StorageAccountName));
        Assert.Equal("AuditSchedule", AppSettings.ConfigurationKey(AppSettings.AuditSchedule));
    }

    [Fact]
    public void SettingsReadByNameAreFoundUnderTheirEnvironmentVariableNames()
    {
        const string Variable = "CSPUPGRADES_INFRA_TESTS_";
        Environment.SetEnvironmentVariable(Variable + AppSettings.StorageAccountName, "stexample");
        try
        {
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables(Variable).Build();

            Assert.Equal("stexample", configuration.Setting(AppSettings.StorageAccountName));
        }
        finally
        {
            Environment.SetEnvironmentVariable(Variable + AppSettings.StorageAccountName, null);
        }
    }

    [Fact]
    public void TheTemplatesStorageSettingsMakeTheAppUseTheUserAssignedIdentity()
    {
        // What the app would see in Azure: the literal values, and stand-ins for values known only at deployment.
        var infra = RepositoryInfra.Compiled;
        var site = infra.ResourcesOfType("Microsoft.Web/sites").Single();
        var settings = InfraChecker.AppSettingsOf(site).ToDictionary(s => s.Name, s => infra.ResolveString(site.Template, s.Value));
        settings[AppSettings.StorageAccountName] ??= "stfromtemplate";
        settings[AppSettings.StorageClientId] ??= "00000000-0000-0000-0000-000000000001";
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(AppSettings.ConfigurationKey(s.Key), s.Value)))
            .Build();

        // The clients the app registers (AddAzureClients), built as the app builds them; nothing is sent.
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddStorage(configuration);
        using var provider = services.BuildServiceProvider();
        var table = provider.GetRequiredService<TableClient>();
        var queue = provider.GetRequiredService<QueueServiceClient>().GetQueueClient(UpgradeQueue.Name);
        var account = provider.GetRequiredService<StorageAccount>();

        Assert.Equal(new Uri("https://stfromtemplate.table.core.windows.net/"), provider.GetRequiredService<TableServiceClient>().Uri);
        Assert.Equal(("stfromtemplate", settings[AppSettings.StorageTableName] ?? "cspupgrades"), (table.AccountName, table.Name));
        Assert.Equal(new Uri("https://stfromtemplate.queue.core.windows.net/upgrade-requests"), queue.Uri);
        Assert.Null(account.ConnectionString);
        Assert.IsType<ManagedIdentityCredential>(account.Credential);
        Assert.Equal(AppSettings.ManagedIdentityCredential, settings[AppSettings.StorageCredential]);
    }

    // The options types the app's own registrations bind to configuration (BindConfiguration registers a change-token source).
    private static List<Type> BoundOptionsTypes()
    {
        var configuration = new ConfigurationBuilder().Build();
        var services = new ServiceCollection();
        services.AddUseCases(configuration);
        services.AddStorage(configuration);
        return services
            .Where(d => d.ServiceType.IsGenericType && d.ServiceType.GetGenericTypeDefinition() == typeof(IOptionsChangeTokenSource<>))
            .Select(d => d.ServiceType.GetGenericArguments()[0])
            .Where(type => App.Contains(type.Assembly))
            .Distinct()
            .ToList();
    }

    // A nested section (Events:ServiceBus) is Events__ServiceBus as an app setting.
    private static string SectionOf(Type type) =>
        ((string?)type.GetField("Section", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue()
            ?? throw new InvalidOperationException($"{type.Name} is bound but declares no Section constant."))
        .Replace(ConfigurationPath.KeyDelimiter, "__", StringComparison.Ordinal);

    private static IEnumerable<PropertyInfo> SettableProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true });
}
