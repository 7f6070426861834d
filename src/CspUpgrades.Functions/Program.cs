using CspUpgrades.Functions.Composition;
using CspUpgrades.Functions.Hosting;
using CspUpgrades.Functions.Http;
using CspUpgrades.Functions.Telemetry;

if (args is ["--write-function-metadata", var outputDirectory])
{
    FunctionJsonWriter.WriteAll(outputDirectory, FunctionManifest.All);
    return 0;
}

if (WorkerApplication.IsStartedByFunctionsHost(args))
{
    await WorkerApplication.CreateBuilder(args).Build().RunAsync();
    return 0;
}

// The custom handler, until every function has moved to the worker.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Configuration.AddLocalSettings(builder.Environment.ContentRootPath);
builder.WebHost.ConfigureKestrelForHosting(builder.Configuration);
builder.Services.AddUseCases(builder.Configuration);
builder.Services.AddStorage(builder.Configuration);
builder.Services.AddLocalTriggerRunner();
builder.Services.AddTelemetryExport();
builder.Services.AddProblemDetails();
builder.Services.AddOpenApi();

var app = builder.Build();

app.UseStorageRequestDiagnostics();
app.UseProblemDetailsForErrors();
app.UseProblemDetailsForStatusCodes();
app.MapFunctions();
await app.RunAsync();
return 0;

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
