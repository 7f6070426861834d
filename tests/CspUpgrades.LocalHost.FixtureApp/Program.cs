using CspUpgrades.LocalHost.FixtureApp;
using Microsoft.Extensions.Hosting;

await FixtureApplication.CreateBuilder(args).Build().RunAsync();
