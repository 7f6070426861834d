namespace CspUpgrades.LocalHost.FixtureApp.Services;

/// <summary>A service the Greet function answers with: in-process tests replace it to show their overrides reach the worker.</summary>
public interface IGreeter
{
    string Greeting { get; }
}
