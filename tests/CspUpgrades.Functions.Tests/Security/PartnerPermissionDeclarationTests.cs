using System.Reflection;
using CspUpgrades.Functions.Composition;
using CspUpgrades.Functions.Security;
using CspUpgrades.Storage.Partners;
using Microsoft.Azure.Functions.Worker;

namespace CspUpgrades.Functions.Tests.Security;

/// <summary>
/// Every partner function says which permission it needs, so that a new one cannot slip through with whatever the default
/// is: reads (GET) need <see cref="PartnerPermission.Read"/>, anything that changes something <see cref="PartnerPermission.Write"/>.
/// </summary>
public sealed class PartnerPermissionDeclarationTests
{
    private static readonly (string Name, string[] Methods, RequiresPartnerAttribute Required)[] PartnerFunctions =
        [.. from type in typeof(WorkerApplication).Assembly.GetTypes()
            from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            let function = method.GetCustomAttribute<FunctionAttribute>()
            let required = method.GetCustomAttribute<RequiresPartnerAttribute>()
            where function is not null && required is not null
            let trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).Single(t => t is not null)!
            select (function.Name, (trigger.Methods ?? []).Select(m => m.ToUpperInvariant()).ToArray(), required)];

    [Fact]
    public void EveryPartnerFunctionNamesItsPermission()
    {
        var undeclared = PartnerFunctions.Where(f => !f.Required.IsDeclared).Select(f => f.Name).ToArray();

        Assert.True(undeclared.Length == 0,
            $"[RequiresPartner] without a permission on {string.Join(", ", undeclared)}: write [RequiresPartner(PartnerPermission.Read)] for a GET, [RequiresPartner(PartnerPermission.Write)] for a change.");
    }

    [Fact]
    public void ReadsNeedReadAndEverythingElseNeedsWrite()
    {
        var wrong = PartnerFunctions
            .Where(f => f.Required.Permission != (f.Methods.All(m => m is "GET" or "HEAD") ? PartnerPermission.Read : PartnerPermission.Write))
            .Select(f => $"{f.Name} ({string.Join(",", f.Methods)}: {f.Required.Permission})")
            .ToArray();

        Assert.True(wrong.Length == 0, "Permission does not fit the method: " + string.Join("; ", wrong));
    }

    [Fact]
    public void TheCheckSeesThePartnerFunctions()
    {
        Assert.Contains(PartnerFunctions, f => f is { Name: "CheckUpgradeEligibility", Required.Permission: PartnerPermission.Read });
        Assert.Contains(PartnerFunctions, f => f is { Name: "RequestUpgrade", Required.Permission: PartnerPermission.Write });
        Assert.Contains(PartnerFunctions, f => f is { Name: "AddLicenses", Required.Permission: PartnerPermission.Write });
    }

    [Fact]
    public void AFunctionThatSaysNothingNeedsWrite()
    {
        var unstated = new RequiresPartnerAttribute();

        Assert.False(unstated.IsDeclared);
        Assert.Equal(PartnerPermission.Write, unstated.Permission);
        Assert.False(new PartnerCaller(new("reader"), PartnerPermission.Read).Grants(unstated.Permission));
    }
}
