using Azure;
using Azure.Data.Tables;
using Azure.Identity;
using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Storage.Composition;
using CspUpgrades.Storage.Customers;
using CspUpgrades.Storage.Partners;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CspUpgrades.Operator;

/// <summary>
/// The operator's commands, against the storage account the app's settings name:
/// <code>
/// CspUpgrades.Operator partner-key create --partner contoso-partner [--scope read|write] [--description "CI key"]
/// CspUpgrades.Operator partner-key list --partner contoso-partner
/// CspUpgrades.Operator partner-key revoke --key-id 0123456789abcdef
/// CspUpgrades.Operator partner-tenant add --partner contoso-partner --tenant 72f988bf-86f1-41af-91ab-2d7cd011db47
/// CspUpgrades.Operator partner-tenant list [--partner contoso-partner]
/// CspUpgrades.Operator partner-tenant remove --partner contoso-partner --tenant 72f988bf-86f1-41af-91ab-2d7cd011db47
/// CspUpgrades.Operator seed-demo
/// </code>
/// Exit codes: 0 done, 1 no such key to revoke (or tenant mapping to remove, or the tenant is another partner's), 2 not a command or no (valid) storage setting (one line on standard error;
/// storage is not touched), 3 storage could not be reached or refused a request (one line naming what it answered).
/// </summary>
internal static class CommandLine
{
    public const string Usage =
        "Usage: partner-key create --partner <id> [--scope read|write] [--description <text>] | partner-key list --partner <id> | partner-key revoke --key-id <id> | " +
        "partner-tenant add|remove --partner <id> --tenant <guid> | partner-tenant list [--partner <id>] | seed-demo";

    /// <summary>What to set when no storage setting is there at all: the console never picks an account on its own.</summary>
    public static readonly string NoStorageConfigured =
        $"No storage account configured: set {StorageSettings.Connection} (e.g. {StorageSettings.Connection}=UseDevelopmentStorage=true for the Azurite ./run.sh starts), " +
        $"or {StorageSettings.AccountName} with {StorageSettings.Credential}={StorageSettings.ManagedIdentityCredential}, " +
        $"in the environment or a {LocalSettings.FileName} in the working directory.";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        if (Parse(args) is not { } command)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        TableClient table;
        StorageInitializer initializer;
        try
        {
            // Reads the settings and builds the clients; nothing is sent yet, so what fails here is a setting.
            if (!StorageAccount.TryFromConfiguration(services.GetRequiredService<IConfiguration>(), out _))
            {
                Console.Error.WriteLine(NoStorageConfigured);
                return 2;
            }

            table = services.GetRequiredService<TableClient>();
            initializer = services.GetServices<IHostedService>().OfType<StorageInitializer>().Single();
        }
        catch (Exception invalid) when (invalid is OptionsValidationException or InvalidOperationException or FormatException)
        {
            Console.Error.WriteLine($"Storage settings not usable: {FirstLine(invalid.Message)}");
            return 2;
        }

        // Said first, so a key never lands silently in Azurite because a local.settings.json was nearby.
        Console.Error.WriteLine($"Storage: {table.AccountName} (table {table.Name} at {table.Uri})");
        try
        {
            await initializer.StartAsync(CancellationToken.None);
            return await command(services);
        }
        catch (Exception failure) when (StorageFailure(failure) is { } reason)
        {
            Console.Error.WriteLine($"Storage could not be used: {reason}");
            return 3;
        }
    }

    /// <summary>
    /// One line for what storage answered (or that it could not be reached, after the SDK's retries), null for anything
    /// else: a bug still ends the process with its stack trace.
    /// </summary>
    private static string? StorageFailure(Exception failure) => failure switch
    {
        RequestFailedException { Status: 0 } unreachable => FirstLine(unreachable.Message),
        RequestFailedException refused => $"{refused.Status} {refused.ErrorCode}: {FirstLine(refused.Message)}",
        AggregateException { InnerExceptions: [.., var last] } retried when retried.InnerExceptions.All(e => e is RequestFailedException) =>
            $"{StorageFailure(last)} ({retried.InnerExceptions.Count} tries)",
        AuthenticationFailedException identity => $"no identity to reach storage with: {FirstLine(identity.Message)}",
        _ => null,
    };

    private static string FirstLine(string text) => text.Split('\n', 2)[0].TrimEnd('\r');

    private static Func<IServiceProvider, Task<int>>? Parse(string[] args) => args switch
    {
        ["partner-key", "create", "--partner", var partnerText, .. var rest]
            when PartnerId.TryParse(partnerText, out var partner) && TryReadOptions(rest, out var options, "--description", "--scope")
                && TryReadScope(options.GetValueOrDefault("--scope"), out var scope) =>
            services => CreateKeyAsync(services, partner, scope, options.GetValueOrDefault("--description")),
        ["partner-key", "list", "--partner", var partnerText] when PartnerId.TryParse(partnerText, out var partner) =>
            services => ListKeysAsync(services, partner),
        ["partner-key", "revoke", "--key-id", var keyId] => services => RevokeKeyAsync(services, keyId),
        ["partner-tenant", "add", .. var rest] when TryReadPartnerAndTenant(rest, out var partner, out var tenant) =>
            services => AddTenantAsync(services, partner, tenant),
        ["partner-tenant", "remove", .. var rest] when TryReadPartnerAndTenant(rest, out var partner, out var tenant) =>
            services => RemoveTenantAsync(services, partner, tenant),
        ["partner-tenant", "list"] => services => ListTenantsAsync(services, null),
        ["partner-tenant", "list", "--partner", var partnerText] when PartnerId.TryParse(partnerText, out var partner) =>
            services => ListTenantsAsync(services, partner),
        ["seed-demo"] => SeedDemoAsync,
        _ => null,
    };

    private static async Task<int> CreateKeyAsync(IServiceProvider services, PartnerId partner, PartnerPermission scope, string? description)
    {
        var key = await services.GetRequiredService<PartnerApiKeyStore>().CreateKeyAsync(partner, description, services.GetRequiredService<TimeProvider>(), scope);
        Console.WriteLine($"Created API key {key.KeyId} (scope {ScopeName(scope)}) for partner {partner}. It is shown only now; store it safely:");
        Console.WriteLine(key.Reveal());
        return 0;
    }

    private static async Task<int> ListKeysAsync(IServiceProvider services, PartnerId partner)
    {
        foreach (var record in await services.GetRequiredService<PartnerApiKeyStore>().ListAsync(partner))
        {
            Console.WriteLine(
                $"{record.KeyId}  created {record.CreatedAt:u}  {(record.IsActive ? "active" : $"revoked {record.RevokedAt:u}")}  scope {ScopeName(record.Scope)}  {record.Description}".TrimEnd());
        }

        return 0;
    }

    private static async Task<int> RevokeKeyAsync(IServiceProvider services, string keyId)
    {
        var revoked = await services.GetRequiredService<PartnerApiKeyStore>().RevokeAsync(keyId, services.GetRequiredService<TimeProvider>().GetUtcNow());
        Console.WriteLine(revoked ? $"Revoked {keyId}. Instances stop accepting it within Security:ApiKeyCacheDuration." : $"No key {keyId}.");
        return revoked ? 0 : 1;
    }

    private static async Task<int> AddTenantAsync(IServiceProvider services, PartnerId partner, Guid tenant)
    {
        var mapping = await services.GetRequiredService<PartnerTenantStore>().AddAsync(tenant, partner, services.GetRequiredService<TimeProvider>().GetUtcNow());
        if (mapping.PartnerId != partner)
        {
            Console.WriteLine($"Tenant {tenant:D} is already mapped to partner {mapping.PartnerId}; remove it there first.");
            return 1;
        }

        Console.WriteLine($"Tenant {tenant:D} is mapped to partner {partner}: its Entra ID access tokens act for that partner.");
        return 0;
    }

    private static async Task<int> ListTenantsAsync(IServiceProvider services, PartnerId? partner)
    {
        foreach (var mapping in await services.GetRequiredService<PartnerTenantStore>().ListAsync(partner))
        {
            Console.WriteLine($"{mapping.TenantId:D}  partner {mapping.PartnerId}  added {mapping.AddedAt:u}");
        }

        return 0;
    }

    private static async Task<int> RemoveTenantAsync(IServiceProvider services, PartnerId partner, Guid tenant)
    {
        var removed = await services.GetRequiredService<PartnerTenantStore>().RemoveAsync(tenant, partner);
        Console.WriteLine(removed
            ? $"Removed tenant {tenant:D} from partner {partner}. Instances stop accepting its tokens within Entra:TenantCacheDuration."
            : $"Tenant {tenant:D} is not mapped to partner {partner}.");
        return removed ? 0 : 1;
    }

    /// <summary><c>--partner &lt;id&gt; --tenant &lt;guid&gt;</c>, in either order; the tenant id as Entra ID writes it (a GUID).</summary>
    private static bool TryReadPartnerAndTenant(string[] rest, out PartnerId partner, out Guid tenant)
    {
        partner = default;
        tenant = default;
        return TryReadOptions(rest, out var options, "--partner", "--tenant")
            && options.TryGetValue("--partner", out var partnerText) && PartnerId.TryParse(partnerText, out partner)
            && options.TryGetValue("--tenant", out var tenantText) && Guid.TryParseExact(tenantText, "D", out tenant);
    }

    private static async Task<int> SeedDemoAsync(IServiceProvider services)
    {
        // The app's catalog: its Catalog__Path setting when the operator has one, else the embedded one.
        var catalogPath = services.GetRequiredService<IConfiguration>()["Catalog:Path"];
        var demoKey = await DemoData.SeedAsync(
            services.GetRequiredService<CustomerStore>(),
            services.GetRequiredService<CustomerSummaryStore>(),
            string.IsNullOrEmpty(catalogPath) ? OfferCatalog.LoadDefault() : OfferCatalog.Load(await File.ReadAllTextAsync(catalogPath)),
            services.GetRequiredService<PartnerApiKeyStore>(),
            services.GetRequiredService<TimeProvider>());
        Console.WriteLine(demoKey.Reveal());
        // The operation id an upgrade requested with "Idempotency-Key: demo-1" will have, for the printed curl commands.
        Console.WriteLine(DemoData.OperationId);
        return 0;
    }

    /// <summary>Options as <c>--name value</c> pairs, each of <paramref name="allowed"/> at most once, in any order.</summary>
    private static bool TryReadOptions(string[] rest, out Dictionary<string, string> options, params string[] allowed)
    {
        options = new Dictionary<string, string>(StringComparer.Ordinal);
        if (rest.Length % 2 != 0)
        {
            return false;
        }

        for (var i = 0; i < rest.Length; i += 2)
        {
            if (!allowed.Contains(rest[i], StringComparer.Ordinal) || !options.TryAdd(rest[i], rest[i + 1]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>No <c>--scope</c>: write, everything a key could do before keys had scopes.</summary>
    private static bool TryReadScope(string? text, out PartnerPermission scope)
    {
        scope = text switch
        {
            null or "write" => PartnerPermission.Write,
            "read" => PartnerPermission.Read,
            _ => default,
        };
        return scope != default;
    }

    private static string ScopeName(PartnerPermission scope) => scope == PartnerPermission.Read ? "read" : "write";
}
