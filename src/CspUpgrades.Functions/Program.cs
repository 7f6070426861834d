using CspUpgrades.Functions.Composition;

// The app as a .NET isolated worker: a Functions host (Azure, Core Tools, tools/CspUpgrades.LocalHost) starts this process
// and talks to it over gRPC. What the app is made of: Composition/WorkerApplication.cs.
await WorkerApplication.CreateBuilder(args).Build().RunAsync();
