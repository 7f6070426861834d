using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using CspUpgrades.Functions.Settings;
using CspUpgrades.Functions.Upgrades;
using CspUpgrades.Storage.Composition;

namespace CspUpgrades.Infra.Tests.Checking;

/// <summary>
/// Holds infra/, local.settings.sample.json and docs/DEPLOY.md against what the code reads and needs:
/// <see cref="AppSettings"/>, <see cref="UpgradeQueue"/>, <see cref="StorageOptions"/>, plus the
/// explicit <see cref="HostSettings"/> and <see cref="RequiredRoles"/>; infra/ as the Bicep compiler builds it
/// (<see cref="CompiledInfra"/>). Returns every problem found,
/// never stops at the first, so a test can require exactly the one it provoked.
/// </summary>
public sealed partial class InfraChecker
{
    public const string InfraFolder = "infra";
    public const string LocalSettingsSample = "local.settings.sample.json";
    public const string DeployGuide = "docs/DEPLOY.md";

    private const string Site = "Microsoft.Web/sites";
    private const string Plan = "Microsoft.Web/serverfarms";
    private const string Queue = "Microsoft.Storage/storageAccounts/queueServices/queues";
    private const string Table = "Microsoft.Storage/storageAccounts/tableServices/tables";
    private const string RoleAssignment = "Microsoft.Authorization/roleAssignments";
    private const string Identity = "Microsoft.ManagedIdentity/userAssignedIdentities";
    private const string Topic = "Microsoft.ServiceBus/namespaces/topics";

    private readonly List<InfraProblem> _problems = [];
    private readonly string _root;

    private InfraChecker(string root) => _root = root;

    /// <summary>Every problem of the repository (or copy of it) at <paramref name="root"/>.</summary>
    public static IReadOnlyList<InfraProblem> Check(string root)
    {
        var checker = new InfraChecker(root);
        checker.Guarded(InfraFolder, checker.CheckTemplates);
        checker.Guarded(LocalSettingsSample, checker.CheckLocalSettingsSample);
        checker.Guarded(DeployGuide, checker.CheckDeployGuide);
        return checker._problems;
    }

    /// <summary>The settings a deployment in Azure must set: the app's, and the host's on its behalf.</summary>
    public static IReadOnlyList<string> RequiredInAzure { get; } =
        AppSettings.All.Where(s => s.Use == SettingUse.RequiredInAzure).Select(s => s.Name)
            .Concat(HostSettings.RequiredInAzure.Keys).ToList();

    /// <summary>
    /// The app settings of the one Function App in the templates, in order, as the compiled template writes them: a JSON
    /// array of <c>{ name, value }</c>, or, when some are set only under a condition, Bicep's
    /// <c>[flatten(createArray(createArray(createObject('name', …, 'value', …), …), if(condition, createArray(…), createArray())))]</c>.
    /// </summary>
    public static IReadOnlyList<TemplateAppSetting> AppSettingsOf(ArmResource site)
    {
        ArgumentNullException.ThrowIfNull(site);
        var settings = new List<TemplateAppSetting>();
        switch (site.At("properties", "siteConfig", "appSettings"))
        {
            case { ValueKind: JsonValueKind.Array } array:
                foreach (var item in array.EnumerateArray())
                {
                    // A name computed at deployment (an expression) cannot be held against the app's list.
                    if (!item.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String
                        || ArmExpression.Of(name.GetString()!) is not null || !item.TryGetProperty("value", out var value))
                    {
                        throw new FormatException($"An app setting must be {{ name: '<literal>' value: <expression> }}, got: {item}");
                    }

                    settings.Add(new TemplateAppSetting(ArmExpression.Literal(name.GetString()!), value, null));
                }

                break;
            case { ValueKind: JsonValueKind.String } text when ArmExpression.Of(text.GetString()!) is ArmCall { Arguments: [ArmCall parts] } flatten
                && flatten.Is("flatten") && parts.Is("createArray"):
                foreach (var part in parts.Arguments)
                {
                    var (condition, list) = part switch
                    {
                        ArmCall { Arguments: [var when, ArmCall chosen, ArmCall { Arguments: [] } otherwise] } choice
                            when choice.Is("if") && chosen.Is("createArray") && otherwise.Is("createArray") => (when, chosen),
                        ArmCall always when always.Is("createArray") => ((ArmExpression?)null, always),
                        _ => throw new FormatException($"App settings must be a list, or a list spread only under a condition (...(c ? [ … ] : [])); got: {part}"),
                    };
                    settings.AddRange(list.Arguments.Select(item => SettingOf(item, condition)));
                }

                break;
            default:
                throw new FormatException("The site has no siteConfig.appSettings the checks can read.");
        }

        return settings;
    }

    // createObject('name', '<literal>', 'value', <expression>), its value as the template would have written it in a JSON array.
    private static TemplateAppSetting SettingOf(ArmExpression item, ArmExpression? condition)
    {
        if (item is not ArmCall { Arguments: [ArmString { Value: "name" }, var name, ArmString { Value: "value" }, var value] } create
            || !create.Is("createObject") || name is not ArmString literal)
        {
            throw new FormatException($"An app setting must be {{ name: '<literal>' value: <expression> }}, got: {item.Text}");
        }

        var json = value switch
        {
            ArmString text => JsonSerializer.SerializeToElement(text.Value.StartsWith('[') ? "[" + text.Value : text.Value),
            ArmNumber number => JsonSerializer.SerializeToElement(number.Value),
            _ => JsonSerializer.SerializeToElement("[" + value.Text + "]"),
        };
        return new TemplateAppSetting(literal.Value, json, condition);
    }

    private void CheckTemplates()
    {
        CompiledInfra infra;
        try
        {
            infra = CompiledInfra.Build(Path.Combine(_root, InfraFolder));
        }
        catch (BicepBuildException ex)
        {
            foreach (var file in ex.Errors.GroupBy(e => e.File))
            {
                Report(InfraRule.Compile, file.Key, string.Join("\n", file));
            }

            return;
        }

        CheckModulesUsed(infra);
        var sites = infra.ResourcesOfType(Site).ToList();
        if (sites is not [var site])
        {
            Report(InfraRule.Unreadable, Site, $"Expected one Function App, found {sites.Count}.");
            return;
        }

        var identity = infra.DeploymentOf(Identity);
        if (identity is null)
        {
            Report(InfraRule.Unreadable, Identity, "No module of main.bicep deploys the user-assigned identity.");
            return;
        }

        CheckRuntimeAndPlan(infra, site);
        var granted = RolesGranted(infra, identity);
        CheckRoles(granted);
        Guarded("appSettings", () =>
        {
            CheckAppSettings(infra, site, identity);
            CheckEvents(infra, site, identity, granted);
        });
        CheckStorage(infra);
    }

    private void CheckModulesUsed(CompiledInfra infra)
    {
        var deployed = infra.Templates.Select(t => t.SourceFile).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var file in infra.SourceFiles.Where(f => f != CompiledInfra.MainFile && !deployed.Contains(f)))
        {
            Report(InfraRule.UnusedModule, file, "main.bicep never deploys this module, so nothing in it reaches Azure.");
        }
    }

    private void CheckAppSettings(CompiledInfra infra, ArmResource site, ArmTemplate identity)
    {
        var settings = AppSettingsOf(site);
        var known = AppSettings.All.ToDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);

        foreach (var duplicate in settings.GroupBy(s => s.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            Report(InfraRule.DuplicateAppSetting, duplicate.Key, $"Set {duplicate.Count()} times; App Service keeps one.");
        }

        // A setting set only under a condition may be missing in Azure: it does not count for a required one.
        var set = settings.Where(s => s.Condition is null).Select(s => s.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var required in RequiredInAzure.Where(name => !set.Contains(name)))
        {
            var why = known.TryGetValue(required, out var setting) ? setting.Purpose : HostSettings.RequiredInAzure[required];
            Report(InfraRule.MissingAppSetting, required, $"Required in Azure and not set: {why}");
        }

        foreach (var name in settings.Select(s => s.Name))
        {
            if (HostSettings.DeprecatedOnFlexConsumption.Contains(name))
            {
                Report(InfraRule.UnreadAppSetting, name, "Deprecated on Flex Consumption: the runtime, scale and deployment come from functionAppConfig.");
            }
            else if (known.TryGetValue(name, out var setting))
            {
                if (setting.Use is not (SettingUse.RequiredInAzure or SettingUse.OptionalWithDefault))
                {
                    Report(InfraRule.SettingNotForAzure, name, $"The app reads it only {Describe(setting.Use)}; it must not be set in Azure.");
                }
            }
            else if (!HostSettings.RequiredInAzure.ContainsKey(name))
            {
                Report(InfraRule.UnreadAppSetting, name, "Neither the app (AppSettings.All) nor the Functions host (HostSettings) reads it.");
            }
        }

        CheckValues(infra, site, identity, settings);
    }

    private void CheckValues(CompiledInfra infra, ArmResource site, ArmTemplate identity, IReadOnlyList<TemplateAppSetting> settings)
    {
        JsonElement? Value(string name) => settings.Where(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase)).Select(s => (JsonElement?)s.Value).FirstOrDefault();
        var template = site.Template;

        if (Value(AppSettings.StorageCredential) is { } credential
            && !string.Equals(infra.ResolveString(template, credential), AppSettings.ManagedIdentityCredential, StringComparison.OrdinalIgnoreCase))
        {
            Report(InfraRule.AppSettingValue, AppSettings.StorageCredential, $"Must be '{AppSettings.ManagedIdentityCredential}': the account refuses shared keys. Got {credential}.");
        }

        if (Value(AppSettings.StorageClientId) is { } clientId && !infra.Resolve(template, clientId).IsOutputOf(identity, "clientId"))
        {
            Report(InfraRule.AppSettingValue, AppSettings.StorageClientId, $"Must be the client id of the identity the roles are granted to (the {identity.Name} deployment's output clientId).");
        }

        if (Value(AppSettings.StorageTableName) is { } tableName)
        {
            var value = infra.ResolveString(template, tableName);
            var tables = TableNames(infra);
            if (value is null || !tables.Contains(value))
            {
                Report(InfraRule.AppSettingValue, AppSettings.StorageTableName, $"Names table '{value ?? tableName.ToString()}', the templates create [{string.Join(", ", tables)}].");
            }
        }

        if (Value(AppSettings.AuditSchedule) is { } schedule)
        {
            var value = infra.ResolveString(template, schedule);
            try
            {
                // As the Functions host reads a timer schedule: six fields, seconds first.
                NCrontab.CrontabSchedule.Parse(value ?? throw new FormatException("not known before deployment"), new NCrontab.CrontabSchedule.ParseOptions { IncludingSeconds = true });
            }
            catch (Exception ex) when (ex is FormatException or NCrontab.CrontabException)
            {
                Report(InfraRule.AppSettingValue, AppSettings.AuditSchedule, $"'{value ?? schedule.ToString()}' is not a six-field NCRONTAB: {ex.Message}");
            }
        }

        if (Value(AppSettings.WebhookSecret) is { } secret && !IsKeyVaultReference(infra.Resolve(template, secret)))
        {
            Report(InfraRule.AppSettingValue, AppSettings.WebhookSecret, "Must be a Key Vault reference '@Microsoft.KeyVault(SecretUri=...)', never the secret itself.");
        }

        if (settings.Any(s => s.Value.GetRawText().Contains(KeyVaultReference, StringComparison.Ordinal))
            && (site.At("properties", "keyVaultReferenceIdentity") is not { } referenceIdentity
                || !infra.Resolve(template, referenceIdentity).IsOutputOf(identity, "id")))
        {
            Report(InfraRule.AppSettingValue, "keyVaultReferenceIdentity",
                $"Key Vault references resolve with the system-assigned identity unless keyVaultReferenceIdentity is the {identity.Name} deployment's output id.");
        }

        if (Value("APPLICATIONINSIGHTS_AUTHENTICATION_STRING") is { } authentication
            && !authentication.GetRawText().Contains("Authorization=AAD", StringComparison.Ordinal))
        {
            Report(InfraRule.AppSettingValue, "APPLICATIONINSIGHTS_AUTHENTICATION_STRING", "Must be 'ClientId=<client id>;Authorization=AAD'.");
        }
    }

    private const string KeyVaultReference = "@Microsoft.KeyVault(";

    // '@Microsoft.KeyVault(SecretUri=…)' itself, or format('@Microsoft.KeyVault(SecretUri={0})', <the URI known at deployment>).
    private static bool IsKeyVaultReference(ArmValue value) =>
        (value.KnownString ?? (value.Expression is ArmCall { Arguments: [ArmString format, ..] } call && call.Is("format") ? format.Value : null))
            ?.StartsWith(KeyVaultReference + "SecretUri=", StringComparison.Ordinal) == true;

    /// <summary>The .NET version the app targets, e.g. <c>10.0</c> (from <c>.NETCoreApp,Version=v10.0</c>).</summary>
    private static readonly string AppDotNetVersion =
        typeof(AppSettings).Assembly.GetCustomAttribute<System.Runtime.Versioning.TargetFrameworkAttribute>()!.FrameworkName.Split("Version=v")[1];

    private void CheckRuntimeAndPlan(CompiledInfra infra, ArmResource site)
    {
        var name = infra.ResolveString(site.Template, site.At("properties", "functionAppConfig", "runtime", "name"));
        var version = infra.ResolveString(site.Template, site.At("properties", "functionAppConfig", "runtime", "version"));
        if (name != "dotnet-isolated" || version != AppDotNetVersion)
        {
            Report(InfraRule.Runtime, "functionAppConfig.runtime",
                $"The app is a .NET isolated worker on .NET {AppDotNetVersion}: runtime 'dotnet-isolated' version '{AppDotNetVersion}'; the template says '{name}' '{version}'.");
        }

        var plans = infra.ResourcesOfType(Plan).ToList();
        foreach (var plan in plans)
        {
            var sku = infra.ResolveString(plan.Template, plan.At("sku", "name"));
            var tier = infra.ResolveString(plan.Template, plan.At("sku", "tier"));
            var reserved = plan.At("properties", "reserved") is { } value ? infra.Resolve(plan.Template, value).Known : null;
            if (sku != "FC1" || tier != "FlexConsumption" || reserved is not { ValueKind: JsonValueKind.True })
            {
                Report(InfraRule.Plan, "sku", $"Must be sku FC1 / FlexConsumption with reserved: true (Linux); got {sku ?? "?"} / {tier ?? "?"}.");
            }
        }

        if (plans.Count != 1)
        {
            Report(InfraRule.Plan, Plan, $"Expected one Flex Consumption plan, found {plans.Count}.");
        }

        var authentication = infra.ResolveString(site.Template, site.At("properties", "functionAppConfig", "deployment", "storage", "authentication", "type"));
        if (authentication != "UserAssignedIdentity")
        {
            Report(InfraRule.DeploymentStorage, "functionAppConfig.deployment.storage",
                $"The deployment container must be reached with the user-assigned identity (the account refuses keys); got {authentication ?? "nothing"}.");
        }
    }

    // A role the identity holds: its definition, the type of resource it is granted on, and the assignment itself.
    private sealed record GrantedRole(string DefinitionId, string ScopeType, ArmResource Assignment);

    private List<GrantedRole> RolesGranted(CompiledInfra infra, ArmTemplate identity)
    {
        var granted = new List<GrantedRole>();
        foreach (var assignment in infra.ResourcesOfType(RoleAssignment))
        {
            var template = assignment.Template;
            if (assignment.At("properties", "principalId") is not { } principal || !infra.Resolve(template, principal).IsOutputOf(identity, "principalId"))
            {
                continue; // someone else's role, such as the operator's
            }

            // scope: resourceId('Microsoft.Storage/storageAccounts', …), the resource the role is granted on.
            var scope = assignment.At("scope") is { ValueKind: JsonValueKind.String } scopeValue ? ArmExpression.Of(scopeValue.GetString()!) : null;
            var scopeType = scope is ArmCall { Arguments: [ArmString type, ..] } resourceId && resourceId.Is("resourceId") ? type.Value : null;
            var definition = RoleDefinitionId(infra, template, assignment.At("properties", "roleDefinitionId"));
            if (scopeType is null || definition is null)
            {
                Report(InfraRule.Unreadable, assignment.Json.GetProperty("name").ToString(),
                    $"Cannot tell the scope ({scope?.ToString() ?? "none"}) or the role definition of this role assignment.");
                continue;
            }

            granted.Add(new GrantedRole(definition, scopeType, assignment));
        }

        return granted;
    }

    private void CheckRoles(List<GrantedRole> granted)
    {
        foreach (var role in RequiredRoles.All)
        {
            var matches = granted.Where(g => string.Equals(g.DefinitionId, role.DefinitionId, StringComparison.OrdinalIgnoreCase)).ToList();
            if (!matches.Any(g => string.Equals(g.ScopeType, role.ScopeType, StringComparison.OrdinalIgnoreCase) && g.Assignment.Condition is null))
            {
                var found = matches.Count == 0 ? "not granted" : $"granted only on [{string.Join(", ", matches.Select(m => m.ScopeType + (m.Assignment.Condition is null ? "" : " if " + m.Assignment.Condition)))}]";
                Report(InfraRule.MissingRole, role.Name, $"The identity needs it on {role.ScopeType} for {role.Why}; {found}.");
            }
        }
    }

    // A GUID, or subscriptionResourceId('Microsoft.Authorization/roleDefinitions', <a GUID>) with the GUID known before deployment.
    private static string? RoleDefinitionId(CompiledInfra infra, ArmTemplate template, JsonElement? value)
    {
        if (value is not { } element)
        {
            return null;
        }

        var resolved = infra.Resolve(template, element);
        var id = resolved.KnownString
            ?? (resolved.Expression is ArmCall { Arguments: [.., var last] } call && call.Is("subscriptionResourceId") ? infra.Evaluate(resolved.Template, last).KnownString : null);
        return id is not null && GuidPattern().Match(id) is { Success: true } guid ? guid.Value : null;
    }

    /// <summary>
    /// Events to Service Bus (#34), judged with the parameters file's values and the defaults: the Events__ServiceBus__*
    /// settings are in effect exactly when a topic is deployed, and then name that topic and its namespace, authenticate as the
    /// identity, which holds Azure Service Bus Data Sender on the topic; the topic removes repeats (the publisher relies on it).
    /// </summary>
    private void CheckEvents(CompiledInfra infra, ArmResource site, ArmTemplate identity, List<GrantedRole> granted)
    {
        var settings = AppSettingsOf(site).Where(s => s.Name.StartsWith(EventsSettingsPrefix, StringComparison.OrdinalIgnoreCase)).ToList();
        var topics = infra.ResourcesOfType(Topic).Where(t => infra.IsDeployed(t) != false).ToList();
        TemplateAppSetting? Setting(string name) => settings.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

        var namespaceSetting = Setting(AppSettings.EventsServiceBusFullyQualifiedNamespace);
        var topicSetting = Setting(AppSettings.EventsServiceBusTopicName);
        var inEffect = settings.Select(s => (s.Name, On: infra.IsTrue(site.Template, s.Condition))).ToList();
        if (inEffect.Any(s => s.On is null))
        {
            Report(InfraRule.Events, EventsSettingsPrefix, "Whether the Service Bus settings are set is known only at deployment: their condition must follow from the parameters.");
            return;
        }

        var on = inEffect.Where(s => s.On == true).Select(s => s.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var namespaceOn = namespaceSetting is not null && on.Contains(namespaceSetting.Name);
        if (namespaceOn != (topicSetting is not null && on.Contains(topicSetting.Name)) || (on.Count > 0 && !namespaceOn))
        {
            Report(InfraRule.Events, EventsSettingsPrefix,
                $"The namespace and the topic settings go together; set are [{string.Join(", ", on)}].");
            return;
        }

        if (!namespaceOn)
        {
            foreach (var topic in topics)
            {
                Report(InfraRule.Events, LastNameSegment(infra, topic) ?? Topic,
                    "The templates create this topic, and the app is not given it (Events__ServiceBus__*): nothing would be published to it.");
            }

            return;
        }

        if (topics is not [var theTopic])
        {
            Report(InfraRule.Events, Topic, $"The Service Bus settings are set: expected one topic for them, found {topics.Count}.");
            return;
        }

        var deployment = theTopic.Template;
        if (!infra.Resolve(site.Template, namespaceSetting!.Value).IsOutputOf(deployment, "fullyQualifiedNamespace"))
        {
            Report(InfraRule.Events, AppSettings.EventsServiceBusFullyQualifiedNamespace,
                $"Must be the {deployment.Name} deployment's output fullyQualifiedNamespace, the namespace of the topic.");
        }

        var topicName = LastNameSegment(infra, theTopic);
        var configured = infra.ResolveString(site.Template, topicSetting!.Value);
        if (topicName is null || configured != topicName)
        {
            Report(InfraRule.Events, AppSettings.EventsServiceBusTopicName, $"Names topic '{configured ?? topicSetting.Value.ToString()}', the templates create '{topicName ?? "?"}'.");
        }

        if (Setting(AppSettings.EventsServiceBusClientId) is not { } clientId || !on.Contains(clientId.Name)
            || !infra.Resolve(site.Template, clientId.Value).IsOutputOf(identity, "clientId"))
        {
            Report(InfraRule.Events, AppSettings.EventsServiceBusClientId,
                $"Must be set with the others, to the client id of the identity the role is granted to (the {identity.Name} deployment's output clientId).");
        }

        if (Setting(AppSettings.EventsServiceBusCredential) is not { } credential || !on.Contains(credential.Name)
            || !string.Equals(infra.ResolveString(site.Template, credential.Value), AppSettings.ManagedIdentityCredential, StringComparison.OrdinalIgnoreCase))
        {
            Report(InfraRule.Events, AppSettings.EventsServiceBusCredential,
                $"Must be '{AppSettings.ManagedIdentityCredential}' with the others: the app then authenticates as the identity the role is granted to.");
        }

        if (Setting(AppSettings.EventsServiceBusConnectionString) is { } connectionString && infra.IsTrue(site.Template, connectionString.Condition) != false)
        {
            Report(InfraRule.Events, AppSettings.EventsServiceBusConnectionString,
                "Not in Azure: the namespace refuses shared access keys (disableLocalAuth), and a key would bypass the sender role.");
        }

        if (theTopic.At("properties", "requiresDuplicateDetection") is not { } duplicates || infra.Resolve(deployment, duplicates).Known is not { ValueKind: JsonValueKind.True })
        {
            Report(InfraRule.Events, "requiresDuplicateDetection",
                "Must be true: the app publishes at least once with MessageId = the event id, and the topic is what drops the repeats.");
        }

        var sender = RequiredRoles.ServiceBusDataSender;
        if (!granted.Any(g => string.Equals(g.DefinitionId, sender.DefinitionId, StringComparison.OrdinalIgnoreCase)
            && string.Equals(g.ScopeType, sender.ScopeType, StringComparison.OrdinalIgnoreCase)
            && g.Assignment.Template == deployment && infra.IsDeployed(g.Assignment) == true))
        {
            Report(InfraRule.Events, sender.Name, $"The identity needs it on the topic ({sender.ScopeType}, in the {deployment.Name} deployment) for {sender.Why}.");
        }
    }

    private const string EventsSettingsPrefix = "Events__ServiceBus__";

    private void CheckStorage(CompiledInfra infra)
    {
        var queues = infra.ResourcesOfType(Queue).Select(q => LastNameSegment(infra, q)).ToList();
        foreach (var queue in new[] { UpgradeQueue.Name, UpgradeQueue.PoisonName }.Where(q => !queues.Contains(q)))
        {
            Report(InfraRule.QueueName, queue, $"The function manifest uses this queue and the templates do not create it; they create [{string.Join(", ", queues)}].");
        }

        var defaultTable = new StorageOptions().TableName;
        var tables = TableNames(infra);
        if (!tables.Contains(defaultTable))
        {
            Report(InfraRule.TableName, defaultTable, $"StorageOptions names this table by default; the templates create [{string.Join(", ", tables)}].");
        }

        var accounts = infra.ResourcesOfType(RequiredRoles.StorageAccount).ToList();
        foreach (var account in accounts)
        {
            Expect(account, "allowSharedKeyAccess", JsonSerializer.SerializeToElement(false), "the app and the host use Entra ID only; a key would bypass every role");
            Expect(account, "allowBlobPublicAccess", JsonSerializer.SerializeToElement(false), "no blob is ever meant to be public");
            Expect(account, "minimumTlsVersion", JsonSerializer.SerializeToElement("TLS1_2"), "TLS 1.2 at least");
        }

        if (accounts.Count != 1)
        {
            Report(InfraRule.StorageSecurity, RequiredRoles.StorageAccount, $"Expected one storage account, found {accounts.Count}.");
        }

        void Expect(ArmResource account, string property, JsonElement expected, string why)
        {
            var actual = account.At("properties", property) is { } value ? infra.Resolve(account.Template, value).ToString() : null;
            if (actual != expected.GetRawText())
            {
                Report(InfraRule.StorageSecurity, property, $"Must be {expected.GetRawText()} ({why}); got {actual ?? "nothing (the service default)"}.");
            }
        }
    }

    private static List<string> TableNames(CompiledInfra infra) =>
        infra.ResourcesOfType(Table).Select(t => LastNameSegment(infra, t)).OfType<string>().ToList();

    // A child resource's name is its parents' names and its own: format('{0}/{1}/{2}', parameters('name'), 'default', 'upgrade-requests').
    private static string? LastNameSegment(CompiledInfra infra, ArmResource resource)
    {
        var name = infra.Resolve(resource.Template, resource.Json.GetProperty("name"));
        if (name.KnownString is { } known)
        {
            return known[(known.LastIndexOf('/') + 1)..];
        }

        return name.Expression is ArmCall { Arguments: [ArmString format, .., var last] } call && call.Is("format") && format.Value.EndsWith("/{" + (call.Arguments.Count - 2) + "}", StringComparison.Ordinal)
            ? infra.Evaluate(name.Template, last).KnownString
            : null;
    }

    private void CheckLocalSettingsSample()
    {
        var path = Path.Combine(_root, LocalSettingsSample);
        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var listed = document.RootElement.GetProperty("Values").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);

        foreach (var setting in AppSettings.All.Where(s => s.InLocalSettingsSample && !listed.Contains(s.Name)))
        {
            Report(InfraRule.LocalSettingsSample, setting.Name, $"A local run uses it and the sample does not list it: {setting.Purpose}");
        }

        var local = AppSettings.All.Where(s => s.InLocalSettingsSample).Select(s => s.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var name in listed.Where(n => !local.Contains(n) && !HostSettings.InLocalSettingsSample.Contains(n)))
        {
            var setting = AppSettings.All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
            Report(InfraRule.LocalSettingsSample, name, setting is null
                ? "Nothing reads it (not in AppSettings.All, not read by Core Tools)."
                : $"The app reads it {Describe(setting.Use)}, not in a local run from local.settings.json.");
        }
    }

    private void CheckDeployGuide()
    {
        var path = Path.Combine(_root, DeployGuide);
        if (!File.Exists(path))
        {
            Report(InfraRule.DeployGuide, DeployGuide, "The deployment guide is missing.");
            return;
        }

        var text = File.ReadAllText(path);
        foreach (var name in RequiredInAzure.Where(name => !Regex.IsMatch(text, $@"(?<![\w]){Regex.Escape(name)}(?![\w])")))
        {
            Report(InfraRule.DeployGuide, name, "A deployment needs this setting and the guide never names it.");
        }
    }

    private static string Describe(SettingUse use) => use switch
    {
        SettingUse.LocalOnly => "in local runs",
        SettingUse.TestOnly => "in tests",
        _ => "in Azure",
    };

    // A file the reader cannot follow is a problem to report, not a crash that hides the other checks.
    private void Guarded(string subject, Action check)
    {
        try
        {
            check();
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or IOException or JsonException or KeyNotFoundException)
        {
            Report(InfraRule.Unreadable, subject, ex.Message);
        }
    }

    private void Report(InfraRule rule, string subject, string message) => _problems.Add(new InfraProblem(rule, subject, message));

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex GuidPattern();
}
