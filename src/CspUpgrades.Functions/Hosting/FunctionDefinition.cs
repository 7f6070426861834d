namespace CspUpgrades.Functions.Hosting;

/// <summary>One function of the app: its public name (stable, part of the product surface) and trigger.</summary>
public sealed record FunctionDefinition(string Name, FunctionTrigger Trigger);
