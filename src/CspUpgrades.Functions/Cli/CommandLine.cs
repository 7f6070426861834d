using Azure.Data.Tables;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.Composition;
using CspUpgrades.Functions.Security;
using CspUpgrades.Storage.Customers;
using CspUpgrades.Storage.Partners;

namespace CspUpgrades.Functions.Cli;

/// <summary>
/// Operator commands, run with the app's own settings (so they reach the same storage account):
/// <code>
/// CspUpgrades.Functions partner-key create --partner contoso-partner [--description "CI key"]
/// CspUpgrades.Functions partner-key list --partner contoso-partner
/// CspUpgrades.Functions partner-key revoke --key-id 0123456789abcdef
/// CspUpgrades.Functions seed-demo
/// </code>
/// </summary>
public static class CommandLine
{
    public static bool IsCommand(string[] args) => args is ["partner-key", ..] or ["seed-demo", ..];

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        await services.GetServices<IHostedService>().OfType<StorageInitializer>().Single().StartAsync(CancellationToken.None);
        // Said first, so a key never lands silently in Azurite because a local.settings.json was nearby.
        var table = services.GetRequiredService<TableClient>();
        Console.Error.WriteLine($"Storage: {table.AccountName} (table {table.Name} at {table.Uri})");
        var keys = services.GetRequiredService<PartnerApiKeyStore>();
        var time = services.GetRequiredService<TimeProvider>();
        switch (args)
        {
            case ["partner-key", "create", "--partner", var partnerText, .. var rest] when PartnerId.TryParse(partnerText, out var partner):
                var key = await keys.CreateKeyAsync(partner, Option(rest, "--description"), time);
                Console.WriteLine($"Created API key {key.KeyId} for partner {partner}. It is shown only now; store it safely:");
                Console.WriteLine(key.Reveal());
                return 0;
            case ["partner-key", "list", "--partner", var partnerText] when PartnerId.TryParse(partnerText, out var partner):
                foreach (var record in await keys.ListAsync(partner))
                {
                    Console.WriteLine($"{record.KeyId}  created {record.CreatedAt:u}  {(record.IsActive ? "active" : $"revoked {record.RevokedAt:u}")}  {record.Description}");
                }

                return 0;
            case ["partner-key", "revoke", "--key-id", var keyId]:
                var revoked = await keys.RevokeAsync(keyId, time.GetUtcNow());
                Console.WriteLine(revoked ? $"Revoked {keyId}. Instances stop accepting it within Security:ApiKeyCacheDuration." : $"No key {keyId}.");
                return revoked ? 0 : 1;
            case ["seed-demo"]:
                var demoKey = await DemoData.SeedAsync(table, services.GetRequiredService<CustomerStore>(), keys, time);
                Console.WriteLine(demoKey.Reveal());
                // The operation id an upgrade requested with "Idempotency-Key: demo-1" will have, for the printed curl commands.
                Console.WriteLine(RequestUpgrade.IdempotencyKey.OperationIdFor(DemoData.Partner, DemoData.IdempotencyKey));
                return 0;
            default:
                Console.Error.WriteLine("Usage: partner-key create --partner <id> [--description <text>] | partner-key list --partner <id> | partner-key revoke --key-id <id> | seed-demo");
                return 2;
        }
    }

    private static string? Option(string[] rest, string name) =>
        rest is [var flag, var value, ..] && flag == name ? value : null;
}
