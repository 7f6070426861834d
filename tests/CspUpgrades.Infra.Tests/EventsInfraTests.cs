using System.Text.Json;
using Azure.Messaging.ServiceBus;
using CspUpgrades.Functions.Events;
using CspUpgrades.Functions.Settings;
using CspUpgrades.Infra.Tests.Checking;
using CspUpgrades.Infra.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CspUpgrades.Infra.Tests;

/// <summary>
/// Events to Azure Service Bus (#34) in infra/: off by default (no namespace, no topic, no role, no Events__ServiceBus__
/// setting); on with eventsServiceBus or an existing namespace's name, with the settings, the topic and the sender role
/// together. Each case compiles a copy of infra/ whose parameters file switches events on.
/// </summary>
public class EventsInfraTests
{
    private const string Parameters = "infra/main.parameters.json";
    private const string ServiceBus = "infra/app/service-bus.bicep";
    private const string FunctionApp = "infra/app/function-app.bicep";
    private const string Namespace = "Microsoft.ServiceBus/namespaces";
    private const string Topic = "Microsoft.ServiceBus/namespaces/topics";
    private const string DataSender = "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39";

    [Fact]
    public void ByDefaultNothingOfServiceBusIsDeployedAndTheAppIsGivenNoServiceBusSetting()
    {
        var infra = RepositoryInfra.Compiled;

        Assert.All(infra.ResourcesOfType(Namespace).Concat(infra.ResourcesOfType(Topic)), r => Assert.False(infra.IsDeployed(r), r.ToString()));
        Assert.All(SenderRoles(infra), r => Assert.False(infra.IsDeployed(r), r.ToString()));
        Assert.DoesNotContain(SettingsInEffect(infra).Keys, name => name.StartsWith("Events__", StringComparison.Ordinal));
    }

    [Fact]
    public void SwitchedOnItCreatesAStandardNamespaceATopicThatDropsRepeatsAndTellsTheAppWhereToPublish()
    {
        using var copy = EventsOn(new MutableCopy(), "\"eventsServiceBus\": {\n      \"value\": true\n    }");
        var infra = CompiledInfra.Build(Path.Combine(copy.Root, InfraChecker.InfraFolder));
        var identity = infra.DeploymentOf("Microsoft.ManagedIdentity/userAssignedIdentities")!;

        var ns = Assert.Single(infra.ResourcesOfType(Namespace), r => infra.IsDeployed(r) == true);
        Assert.Equal(("Standard", "Standard"), (infra.ResolveString(ns.Template, ns.At("sku", "name")), infra.ResolveString(ns.Template, ns.At("sku", "tier"))));
        Assert.Equal(JsonValueKind.True, ns.At("properties", "disableLocalAuth")!.Value.ValueKind);
        var topic = Assert.Single(infra.ResourcesOfType(Topic), r => infra.IsDeployed(r) == true);
        Assert.Equal(JsonValueKind.True, topic.At("properties", "requiresDuplicateDetection")!.Value.ValueKind);
        Assert.Equal(JsonValueKind.True, topic.At("properties", "supportOrdering")!.Value.ValueKind);
        Assert.Equal("P1D", infra.ResolveString(topic.Template, topic.At("properties", "duplicateDetectionHistoryTimeWindow")));
        Assert.Equal("[format('{0}/{1}', parameters('namespaceName'), parameters('topicName'))]", topic.Json.GetProperty("name").GetString());
        Assert.Equal("partner-events", infra.ResolveString(topic.Template, JsonSerializer.SerializeToElement("[parameters('topicName')]")));

        var role = Assert.Single(SenderRoles(infra));
        Assert.True(infra.IsDeployed(role));
        var definition = (ArmCall)ArmExpression.Of(role.At("properties", "roleDefinitionId")!.Value.GetString()!)!;
        Assert.Equal(DataSender, infra.Evaluate(role.Template, definition.Arguments[^1]).KnownString);
        Assert.True(infra.Resolve(role.Template, role.At("properties", "principalId")!.Value).IsOutputOf(identity, "principalId"));
        Assert.Equal("[resourceId('Microsoft.ServiceBus/namespaces/topics', parameters('namespaceName'), parameters('topicName'))]", role.At("scope")!.Value.GetString());

        var settings = SettingsInEffect(infra);
        var site = infra.ResourcesOfType("Microsoft.Web/sites").Single();
        Assert.True(infra.Resolve(site.Template, settings[AppSettings.EventsServiceBusFullyQualifiedNamespace]).IsOutputOf(topic.Template, "fullyQualifiedNamespace"));
        Assert.Equal("partner-events", infra.ResolveString(site.Template, settings[AppSettings.EventsServiceBusTopicName]));
        Assert.True(infra.Resolve(site.Template, settings[AppSettings.EventsServiceBusClientId]).IsOutputOf(identity, "clientId"));
        Assert.Equal("managedidentity", infra.ResolveString(site.Template, settings[AppSettings.EventsServiceBusCredential]));
        Assert.DoesNotContain(AppSettings.EventsServiceBusConnectionString, settings.Keys);
        Assert.Empty(InfraChecker.Check(copy.Root));
    }

    [Fact]
    public void AnExistingNamespacesNameTurnsEventsOnWithTheTopicInThatNamespace()
    {
        using var copy = EventsOn(new MutableCopy(),
            "\"eventsServiceBusNamespaceName\": {\n      \"value\": \"sb-shared\"\n    },\n    \"eventsTopicName\": {\n      \"value\": \"upgrades\"\n    }");
        var infra = CompiledInfra.Build(Path.Combine(copy.Root, InfraChecker.InfraFolder));

        Assert.All(infra.ResourcesOfType(Namespace), r => Assert.False(infra.IsDeployed(r), "no namespace is created"));
        var topic = Assert.Single(infra.ResourcesOfType(Topic), r => infra.IsDeployed(r) == true);
        Assert.Equal("sb-shared", infra.ResolveString(topic.Template, JsonSerializer.SerializeToElement("[parameters('namespaceName')]")));
        Assert.Equal("upgrades", infra.ResolveString(topic.Template, JsonSerializer.SerializeToElement("[parameters('topicName')]")));
        var site = infra.ResourcesOfType("Microsoft.Web/sites").Single();
        Assert.Equal("upgrades", infra.ResolveString(site.Template, SettingsInEffect(infra)[AppSettings.EventsServiceBusTopicName]));
        Assert.Empty(InfraChecker.Check(copy.Root));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TheTemplatesSettingsMakeTheAppPublishToTheTopicAsTheIdentityOnlyWhenOn(bool on)
    {
        using var copy = on ? EventsOn(new MutableCopy(), "\"eventsServiceBus\": {\n      \"value\": true\n    }") : new MutableCopy();
        var infra = CompiledInfra.Build(Path.Combine(copy.Root, InfraChecker.InfraFolder));
        var site = infra.ResourcesOfType("Microsoft.Web/sites").Single();
        // What the app would see in Azure: the literal values, and stand-ins for values known only at deployment.
        var settings = SettingsInEffect(infra).ToDictionary(s => s.Key, s => infra.ResolveString(site.Template, s.Value));
        if (on)
        {
            settings[AppSettings.EventsServiceBusFullyQualifiedNamespace] ??= "sb-fromtemplate.servicebus.windows.net";
            settings[AppSettings.EventsServiceBusClientId] ??= "00000000-0000-0000-0000-000000000001";
        }

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(AppSettings.ConfigurationKey(s.Key), s.Value)))
            .Build();

        // The publisher the app registers, built as the app builds it; nothing is sent.
        var services = new ServiceCollection().AddLogging();
        services.AddPartnerEventPublishing(configuration);
        await using var provider = services.BuildServiceProvider();
        var publisher = provider.GetRequiredService<IPartnerEventPublisher>();

        if (!on)
        {
            Assert.IsType<NoPartnerEventPublisher>(publisher);
            return;
        }

        Assert.IsType<ServiceBusEventPublisher>(publisher);
        var sender = provider.GetRequiredService<ServiceBusSender>();
        Assert.Equal(("sb-fromtemplate.servicebus.windows.net", "partner-events"), (sender.FullyQualifiedNamespace, sender.EntityPath));
    }

    [Fact]
    public void SettingsLeftOffWhileTheTopicIsCreatedAreReported() =>
        AssertOnlyWithEventsOn(InfraRule.Events, "partner-events", copy => copy.Replace(FunctionApp, "...(publishEvents\n", "...(false\n"));

    [Fact]
    public void ATopicWithoutDuplicateDetectionIsReported() =>
        AssertOnlyWithEventsOn(InfraRule.Events, "requiresDuplicateDetection",
            copy => copy.Replace(ServiceBus, "requiresDuplicateDetection: true", "requiresDuplicateDetection: false"));

    [Fact]
    public void AMissingSenderRoleIsReported() =>
        AssertOnlyWithEventsOn(InfraRule.Events, "Azure Service Bus Data Sender", copy => copy.RemoveParagraph(ServiceBus,
            "resource appDataSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {"));

    [Fact]
    public void AReceiverRoleInsteadOfTheSenderIsReported() =>
        AssertOnlyWithEventsOn(InfraRule.Events, "Azure Service Bus Data Sender", copy => copy.Replace(ServiceBus,
            "'69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'", "'4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'"));

    [Fact]
    public void ATopicSettingThatNamesAnotherTopicIsReported() =>
        AssertOnlyWithEventsOn(InfraRule.Events, AppSettings.EventsServiceBusTopicName,
            copy => copy.Replace(FunctionApp, "value: eventsTopicName", "value: 'partner-event'"));

    [Fact]
    public void ANamespaceSettingThatIsNotTheTopicsNamespaceIsReported() =>
        AssertOnlyWithEventsOn(InfraRule.Events, AppSettings.EventsServiceBusFullyQualifiedNamespace,
            copy => copy.Replace(FunctionApp, "value: eventsNamespace", "value: 'sb-other.servicebus.windows.net'"));

    [Fact]
    public void AClientIdOtherThanTheIdentitysIsReported() =>
        AssertOnlyWithEventsOn(InfraRule.Events, AppSettings.EventsServiceBusClientId, copy => copy.Replace(FunctionApp,
            "name: 'Events__ServiceBus__ClientId'\n                value: identityClientId",
            "name: 'Events__ServiceBus__ClientId'\n                value: '00000000-0000-0000-0000-000000000000'"));

    [Fact]
    public void ACredentialOtherThanTheManagedIdentityIsReported() =>
        AssertOnlyWithEventsOn(InfraRule.Events, AppSettings.EventsServiceBusCredential, copy => copy.Replace(FunctionApp,
            "name: 'Events__ServiceBus__Credential'\n                value: 'managedidentity'",
            "name: 'Events__ServiceBus__Credential'\n                value: 'default'"));

    [Fact]
    public void AConnectionStringSettingIsReported() =>
        AssertOnlyWithEventsOn(InfraRule.Events, AppSettings.EventsServiceBusConnectionString, copy => copy.Replace(FunctionApp,
            "              {\n                name: 'Events__ServiceBus__ClientId'\n",
            "              {\n                name: 'Events__ServiceBus__ConnectionString'\n                value: 'Endpoint=sb://x/'\n              }\n              {\n                name: 'Events__ServiceBus__ClientId'\n"));

    // Events on through the parameters file, as an operator would switch them on.
    private static MutableCopy EventsOn(MutableCopy copy, string parameters) =>
        copy.Replace(Parameters, "  \"parameters\": {\n", $"  \"parameters\": {{\n    {parameters},\n");

    // Role assignments granted on a Service Bus resource.
    private static IEnumerable<ArmResource> SenderRoles(CompiledInfra infra) =>
        infra.ResourcesOfType("Microsoft.Authorization/roleAssignments")
            .Where(r => r.At("scope")?.GetString()?.Contains("'Microsoft.ServiceBus/", StringComparison.Ordinal) == true);

    // The settings the site gets with the parameters file's values: the unconditional ones and those whose condition holds.
    private static Dictionary<string, JsonElement> SettingsInEffect(CompiledInfra infra)
    {
        var site = infra.ResourcesOfType("Microsoft.Web/sites").Single();
        return InfraChecker.AppSettingsOf(site)
            .Where(s => infra.IsTrue(site.Template, s.Condition) ?? throw new InvalidOperationException($"{s.Name}: condition unknown before deployment"))
            .ToDictionary(s => s.Name, s => s.Value);
    }

    private static void AssertOnlyWithEventsOn(InfraRule rule, string subject, Action<MutableCopy> mutate)
    {
        using var copy = EventsOn(new MutableCopy(), "\"eventsServiceBus\": {\n      \"value\": true\n    }");
        mutate(copy);

        var problems = InfraChecker.Check(copy.Root);

        Assert.True(problems.Count == 1 && problems[0].Rule == rule && problems[0].Subject == subject,
            $"Expected only {rule} {subject}, got:\n" + string.Join("\n", problems));
    }
}
