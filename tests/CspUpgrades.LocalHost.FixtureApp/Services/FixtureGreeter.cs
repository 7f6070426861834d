namespace CspUpgrades.LocalHost.FixtureApp.Services;

internal sealed class FixtureGreeter : IGreeter
{
    public string Greeting => "hello from the fixture";
}
