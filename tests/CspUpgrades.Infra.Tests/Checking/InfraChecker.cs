using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using CspUpgrades.Functions.Composition;
using CspUpgrades.Functions.ExecuteUpgrade;
using CspUpgrades.Functions.Upgrades;

namespace CspUpgrades.Infra.Tests.Checking;

/// <summary>
/// Holds infra/, local.settings.sample.json and docs/DEPLOY.md against what the code reads and needs:
/// <see cref="AppSettings"/>, <see cref="UpgradeQueue"/>, <see cref="StorageOptions"/>, plus the
/// explicit <see cref="HostSettings"/> and <see cref="RequiredRoles"/>. Returns every problem found,
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

    /// <summary>The app settings of the one Function App in the templates, in order.</summary>
    public static IReadOnlyList<(string Name, string Value)> AppSettingsOf(BicepResource site)
    {
        ArgumentNullException.ThrowIfNull(site);
        var settings = new List<(string, string)>();
        var array = site.At("properties", "siteConfig", "appSettings") ?? throw new FormatException("The site has no siteConfig.appSettings.");
        foreach (var item in BicepSyntax.Items(array))
        {
            var name = BicepSyntax.Member(item, "name");
            var value = BicepSyntax.Member(item, "value");
            var literal = name is null ? null : BicepSyntax.StringLiteral(name);
            if (literal is null || value is null)
            {
                throw new FormatException($"An app setting must be {{ name: '<literal>' value: <expression> }}, got: {item}");
            }

            settings.Add((literal, value));
        }

        return settings;
    }

    private void CheckTemplates()
    {
        var templates = BicepTemplates.Load(Path.Combine(_root, InfraFolder));
        CheckModulesUsed(templates);
        var sites = templates.Files.SelectMany(f => f.ResourcesOfType(Site).Where(r => !r.Existing).Select(r => (File: f, Site: r))).ToList();
        if (sites is not [var (siteFile, site)])
        {
            Report(InfraRule.Unreadable, Site, $"Expected one Function App, found {sites.Count}.");
            return;
        }

        var identity = templates.ModuleDeploying(Identity);
        if (identity is null)
        {
            Report(InfraRule.Unreadable, Identity, "No module of main.bicep deploys the user-assigned identity.");
            return;
        }

        Guarded("appSettings", () => CheckAppSettings(templates, siteFile, site, identity));
        CheckRuntimeAndPlan(templates, siteFile, site);
        CheckRoles(templates, identity);
        CheckStorage(templates);
    }

    private void CheckModulesUsed(BicepTemplates templates)
    {
        foreach (var call in templates.Main.Modules.Where(call => templates.FileOf(call) is null))
        {
            Report(InfraRule.Unreadable, call.RelativePath, $"Module {call.Symbol} points to a file that does not exist.");
        }

        foreach (var file in templates.Files.Where(f => f != templates.Main && !templates.CallsOf(f).Any()))
        {
            Report(InfraRule.UnusedModule, file.RelativePath, "main.bicep never deploys this module, so nothing in it reaches Azure.");
        }
    }

    private void CheckAppSettings(BicepTemplates templates, BicepFile siteFile, BicepResource site, BicepModuleCall identity)
    {
        var settings = AppSettingsOf(site);
        var known = AppSettings.All.ToDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);

        foreach (var duplicate in settings.GroupBy(s => s.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            Report(InfraRule.DuplicateAppSetting, duplicate.Key, $"Set {duplicate.Count()} times; App Service keeps one.");
        }

        var set = settings.Select(s => s.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var required in RequiredInAzure.Where(name => !set.Contains(name)))
        {
            var why = known.TryGetValue(required, out var setting) ? setting.Purpose : HostSettings.RequiredInAzure[required];
            Report(InfraRule.MissingAppSetting, required, $"Required in Azure and not set: {why}");
        }

        foreach (var (name, _) in settings)
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

        CheckValues(templates, siteFile, site, identity, settings);
    }

    private void CheckValues(BicepTemplates templates, BicepFile siteFile, BicepResource site, BicepModuleCall identity,
        IReadOnlyList<(string Name, string Value)> settings)
    {
        string? Value(string name) => settings.Where(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase)).Select(s => s.Value).FirstOrDefault();

        if (Value(AppSettings.StorageCredential) is { } credential
            && !string.Equals(templates.ResolveString(siteFile, credential), AppSettings.ManagedIdentityCredential, StringComparison.OrdinalIgnoreCase))
        {
            Report(InfraRule.AppSettingValue, AppSettings.StorageCredential, $"Must be '{AppSettings.ManagedIdentityCredential}': the account refuses shared keys. Got {credential}.");
        }

        if (Value(AppSettings.StorageClientId) is { } clientId
            && templates.Resolve(siteFile, clientId).Expression != $"{identity.Symbol}.outputs.clientId")
        {
            Report(InfraRule.AppSettingValue, AppSettings.StorageClientId, $"Must be the client id of the identity the roles are granted to ({identity.Symbol}.outputs.clientId).");
        }

        if (Value(AppSettings.StorageTableName) is { } tableName)
        {
            var value = templates.ResolveString(siteFile, tableName);
            var tables = TableNames(templates);
            if (value is null || !tables.Contains(value))
            {
                Report(InfraRule.AppSettingValue, AppSettings.StorageTableName, $"Names table '{value ?? tableName}', the templates create [{string.Join(", ", tables)}].");
            }
        }

        if (Value(AppSettings.AuditSchedule) is { } schedule)
        {
            var value = templates.ResolveString(siteFile, schedule);
            try
            {
                // As the Functions host reads a timer schedule: six fields, seconds first.
                NCrontab.CrontabSchedule.Parse(value ?? throw new FormatException("not a literal"), new NCrontab.CrontabSchedule.ParseOptions { IncludingSeconds = true });
            }
            catch (Exception ex) when (ex is FormatException or NCrontab.CrontabException)
            {
                Report(InfraRule.AppSettingValue, AppSettings.AuditSchedule, $"'{value ?? schedule}' is not a six-field NCRONTAB: {ex.Message}");
            }
        }

        if (Value(AppSettings.WebhookSecret) is { } secret && !secret.StartsWith("'@Microsoft.KeyVault(SecretUri=", StringComparison.Ordinal))
        {
            Report(InfraRule.AppSettingValue, AppSettings.WebhookSecret, "Must be a Key Vault reference '@Microsoft.KeyVault(SecretUri=...)', never the secret itself.");
        }

        if (settings.Any(s => s.Value.Contains("@Microsoft.KeyVault(", StringComparison.Ordinal))
            && (site.At("properties", "keyVaultReferenceIdentity") is not { } referenceIdentity
                || templates.Resolve(siteFile, referenceIdentity).Expression != $"{identity.Symbol}.outputs.id"))
        {
            Report(InfraRule.AppSettingValue, "keyVaultReferenceIdentity",
                $"Key Vault references resolve with the system-assigned identity unless keyVaultReferenceIdentity is {identity.Symbol}.outputs.id.");
        }

        if (Value("APPLICATIONINSIGHTS_AUTHENTICATION_STRING") is { } authentication
            && !authentication.Contains("Authorization=AAD", StringComparison.Ordinal))
        {
            Report(InfraRule.AppSettingValue, "APPLICATIONINSIGHTS_AUTHENTICATION_STRING", "Must be 'ClientId=<client id>;Authorization=AAD'.");
        }
    }

    /// <summary>The .NET version the app targets, e.g. <c>10.0</c> (from <c>.NETCoreApp,Version=v10.0</c>).</summary>
    private static readonly string AppDotNetVersion =
        typeof(AppSettings).Assembly.GetCustomAttribute<System.Runtime.Versioning.TargetFrameworkAttribute>()!.FrameworkName.Split("Version=v")[1];

    private void CheckRuntimeAndPlan(BicepTemplates templates, BicepFile siteFile, BicepResource site)
    {
        var runtimeName = site.At("properties", "functionAppConfig", "runtime", "name");
        var runtimeVersion = site.At("properties", "functionAppConfig", "runtime", "version");
        var name = runtimeName is null ? null : templates.ResolveString(siteFile, runtimeName);
        var version = runtimeVersion is null ? null : templates.ResolveString(siteFile, runtimeVersion);
        if (name != "dotnet-isolated" || version != AppDotNetVersion)
        {
            Report(InfraRule.Runtime, "functionAppConfig.runtime",
                $"The app is a .NET isolated worker on .NET {AppDotNetVersion}: runtime 'dotnet-isolated' version '{AppDotNetVersion}'; the template says '{name ?? runtimeName}' '{version ?? runtimeVersion}'.");
        }

        var plans = templates.Files.SelectMany(f => f.ResourcesOfType(Plan).Where(r => !r.Existing).Select(r => (File: f, Plan: r))).ToList();
        foreach (var (file, plan) in plans)
        {
            var sku = plan.At("sku", "name") is { } skuName ? templates.ResolveString(file, skuName) : null;
            var tier = plan.At("sku", "tier") is { } skuTier ? templates.ResolveString(file, skuTier) : null;
            if (sku != "FC1" || tier != "FlexConsumption" || plan.At("properties", "reserved") != "true")
            {
                Report(InfraRule.Plan, plan.Symbol, $"Must be sku FC1 / FlexConsumption with reserved: true (Linux); got {sku ?? "?"} / {tier ?? "?"}.");
            }
        }

        if (plans.Count != 1)
        {
            Report(InfraRule.Plan, Plan, $"Expected one Flex Consumption plan, found {plans.Count}.");
        }

        var authentication = site.At("properties", "functionAppConfig", "deployment", "storage", "authentication", "type");
        if ((authentication is null ? null : templates.ResolveString(siteFile, authentication)) != "UserAssignedIdentity")
        {
            Report(InfraRule.DeploymentStorage, "functionAppConfig.deployment.storage",
                $"The deployment container must be reached with the user-assigned identity (the account refuses keys); got {authentication ?? "nothing"}.");
        }
    }

    private void CheckRoles(BicepTemplates templates, BicepModuleCall identity)
    {
        var granted = new List<(string DefinitionId, string ScopeType, string? Condition)>();
        foreach (var file in templates.Files)
        {
            foreach (var assignment in file.ResourcesOfType(RoleAssignment).Where(r => !r.Existing))
            {
                var principal = assignment.At("properties", "principalId");
                if (principal is null || templates.Resolve(file, principal).Expression != $"{identity.Symbol}.outputs.principalId")
                {
                    continue; // someone else's role, such as the operator's
                }

                var scope = assignment.Member("scope");
                var scopeType = file.Resources.FirstOrDefault(r => r.Symbol == scope)?.Type;
                var definition = RoleDefinitionId(templates, file, assignment.At("properties", "roleDefinitionId"));
                if (scopeType is null || definition is null)
                {
                    Report(InfraRule.Unreadable, assignment.Symbol, $"Cannot tell the scope ({scope}) or the role definition of this role assignment.");
                    continue;
                }

                granted.Add((definition, scopeType, assignment.Condition));
            }
        }

        foreach (var role in RequiredRoles.All)
        {
            var matches = granted.Where(g => string.Equals(g.DefinitionId, role.DefinitionId, StringComparison.OrdinalIgnoreCase)).ToList();
            if (!matches.Any(g => string.Equals(g.ScopeType, role.ScopeType, StringComparison.OrdinalIgnoreCase) && g.Condition is null))
            {
                var found = matches.Count == 0 ? "not granted" : $"granted only on [{string.Join(", ", matches.Select(m => m.ScopeType + (m.Condition is null ? "" : " if " + m.Condition)))}]";
                Report(InfraRule.MissingRole, role.Name, $"The identity needs it on {role.ScopeType} for {role.Why}; {found}.");
            }
        }
    }

    private static string? RoleDefinitionId(BicepTemplates templates, BicepFile file, string? expression)
    {
        if (expression is null)
        {
            return null;
        }

        if (GuidPattern().Match(expression) is { Success: true } literal)
        {
            return literal.Value;
        }

        // subscriptionResourceId('Microsoft.Authorization/roleDefinitions', someVar): the last argument names it.
        var argument = LastArgumentPattern().Match(expression);
        return argument.Success && templates.ResolveString(file, argument.Groups["name"].Value) is { } id && GuidPattern().IsMatch(id) ? id : null;
    }

    private void CheckStorage(BicepTemplates templates)
    {
        var queues = templates.Files.SelectMany(f => f.ResourcesOfType(Queue).Where(r => !r.Existing)
            .Select(r => r.Member("name") is { } name ? templates.ResolveString(f, name) : null)).ToList();
        foreach (var queue in new[] { UpgradeQueue.Name, UpgradeQueue.PoisonName }.Where(q => !queues.Contains(q)))
        {
            Report(InfraRule.QueueName, queue, $"The function manifest uses this queue and the templates do not create it; they create [{string.Join(", ", queues)}].");
        }

        var defaultTable = new StorageOptions().TableName;
        var tables = TableNames(templates);
        if (!tables.Contains(defaultTable))
        {
            Report(InfraRule.TableName, defaultTable, $"StorageOptions names this table by default; the templates create [{string.Join(", ", tables)}].");
        }

        var accounts = templates.Files.SelectMany(f => f.ResourcesOfType(RequiredRoles.StorageAccount).Where(r => !r.Existing)).ToList();
        foreach (var account in accounts)
        {
            Expect(account, "allowSharedKeyAccess", "false", "the app and the host use Entra ID only; a key would bypass every role");
            Expect(account, "allowBlobPublicAccess", "false", "no blob is ever meant to be public");
            Expect(account, "minimumTlsVersion", "'TLS1_2'", "TLS 1.2 at least");
        }

        if (accounts.Count != 1)
        {
            Report(InfraRule.StorageSecurity, RequiredRoles.StorageAccount, $"Expected one storage account, found {accounts.Count}.");
        }

        void Expect(BicepResource account, string property, string expected, string why)
        {
            var actual = account.At("properties", property);
            if (actual != expected)
            {
                Report(InfraRule.StorageSecurity, property, $"Must be {expected} ({why}); got {actual ?? "nothing (the service default)"}.");
            }
        }
    }

    private static List<string> TableNames(BicepTemplates templates) =>
        templates.Files.SelectMany(f => f.ResourcesOfType(Table).Where(r => !r.Existing)
            .Select(r => r.Member("name") is { } name ? templates.ResolveString(f, name) : null))
            .OfType<string>().ToList();

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

    [GeneratedRegex(@",\s*(?<name>\w+)\s*\)\s*$")]
    private static partial Regex LastArgumentPattern();
}
