using CspUpgrades.LocalHost.App;

namespace CspUpgrades.LocalHost.Tests;

/// <summary>Start-up errors: everything the local host cannot honour is refused by name, never ignored.</summary>
public sealed class FunctionAppLoaderTests : IDisposable
{
    private const string WorkerConfig = """{ "description": { "language": "dotnet-isolated", "defaultExecutablePath": "dotnet", "defaultWorkerPath": "App.dll" } }""";
    private const string HostJson = """{ "version": "2.0" }""";
    private const string Settings = """{ "IsEncrypted": false, "Values": { "FUNCTIONS_WORKER_RUNTIME": "dotnet-isolated", "AzureWebJobsStorage": "UseDevelopmentStorage=true", "Jobs": "jobs", "Every": "0 */5 * * * *" } }""";

    private readonly string _directory = Directory.CreateTempSubdirectory("localhost-loader-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void LoadsTheFixtureAppWithItsTriggersAndHostSettings()
    {
        var app = FunctionAppLoader.Load(LocalHostEnvironment.FixtureAppDirectory);

        Assert.Equal("dotnet", app.Worker.ExecutablePath);
        Assert.Equal("CspUpgrades.LocalHost.FixtureApp.dll", app.Worker.WorkerPath);
        Assert.Equal("api", app.Host.RoutePrefix);
        Assert.Equal(new App.QueueSettings(4, 2, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), 3, Azure.Storage.Queues.QueueMessageEncoding.Base64), app.Host.Queues);
        var echo = Assert.IsType<HttpTrigger>(app.Find("Echo")!.Trigger);
        Assert.Equal("echo/{id:int}/{name?}", echo.Route);
        Assert.Equal(["GET", "POST"], echo.Methods);
        var work = Assert.IsType<QueueTrigger>(app.Find("Work")!.Trigger);
        Assert.Equal("fixture-work", work.QueueName);
        Assert.Equal("AzureWebJobsStorage", work.ConnectionName);
        Assert.Equal("0 0 * * * *", Assert.IsType<TimerTrigger>(app.Find("Tick")!.Trigger).Schedule.Expression);
    }

    [Fact]
    public void RefusesAnUnsupportedTriggerNamingTheFunctionAndTheBinding()
    {
        Write(Metadata("Resize", """{ "name": "image", "type": "blobTrigger", "direction": "In", "path": "images/{name}" }"""));

        var error = Assert.Throws<FunctionAppLoadException>(() => Load());

        Assert.Contains(error.Errors, e => e.Contains("Function 'Resize', binding 'image' (type 'blobTrigger'", StringComparison.Ordinal) && e.Contains("httpTrigger, queueTrigger and timerTrigger", StringComparison.Ordinal));
    }

    [Fact]
    public void RefusesAnOutputBinding()
    {
        Write(Metadata(
            "Forward",
            """{ "name": "message", "type": "queueTrigger", "direction": "In", "queueName": "%Jobs%" }""",
            """{ "name": "out", "type": "queue", "direction": "Out", "queueName": "next" }"""));

        var error = Assert.Throws<FunctionAppLoadException>(() => Load());

        Assert.Contains(error.Errors, e => e.Contains("Function 'Forward', binding 'out' (type 'queue', direction 'Out'): output bindings are not supported", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{ "name": "m", "type": "queueTrigger", "direction": "In", "queueName": "%Missing%" }""", "names the setting 'Missing'")]
    [InlineData("""{ "name": "m", "type": "queueTrigger", "direction": "In", "queueName": "jobs", "connection": "Other" }""", "the connection 'Other' has no connection string")]
    [InlineData("""{ "name": "m", "type": "queueTrigger", "direction": "In", "queueName": "jobs", "properties": { "supportsDeferredBinding": "True" } }""", "'supportsDeferredBinding'")]
    [InlineData("""{ "name": "t", "type": "timerTrigger", "direction": "In", "schedule": "every monday" }""", "neither an NCRONTAB expression")]
    [InlineData("""{ "name": "r", "type": "httpTrigger", "direction": "In", "route": "items/{id" }""", "is not a valid route template")]
    [InlineData("""{ "name": "t", "type": "timerTrigger", "direction": "In", "schedule": "%Every%", "runOnStartup": true, "futureSetting": 1 }""", "the setting 'futureSetting' is not supported")]
    public void RefusesABindingSettingItCannotHonour(string binding, string expected)
    {
        Write(Metadata("Job", binding));

        var error = Assert.Throws<FunctionAppLoadException>(() => Load());

        Assert.Contains(error.Errors, e => e.StartsWith("Function 'Job', binding", StringComparison.Ordinal) && e.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{ "version": "2.0", "extensions": { "queues": { "batchSize": 64 } } }""", "batchSize must be a whole number from 1 to 32")]
    [InlineData("""{ "version": "2.0", "extensions": { "queues": { "maxPollingIntervall": "00:00:02" } } }""", "extensions.queues.maxPollingIntervall is not supported")]
    [InlineData("""{ "version": "2.0", "extensions": { "serviceBus": { } } }""", "extensions.serviceBus is not supported")]
    [InlineData("""{ "version": "2.0", "extensions": { "http": { "maxConcurrentRequests": 10 } } }""", "extensions.http.maxConcurrentRequests is not supported")]
    [InlineData("""{ "version": "2.0", "managedDependency": { "enabled": true } }""", "the section 'managedDependency' is not supported")]
    public void RefusesHostJsonSettingsItCannotHonour(string hostJson, string expected)
    {
        Write(Metadata("Job", """{ "name": "m", "type": "queueTrigger", "direction": "In", "queueName": "%Jobs%" }"""), host: hostJson);

        var error = Assert.Throws<FunctionAppLoadException>(() => Load());

        Assert.Contains(error.Errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void ResolvesSettingsAndReadsTheQueueAndTimerTriggers()
    {
        Write(
            "["
            + Function("Job", """{ "name": "m", "type": "queueTrigger", "direction": "In", "queueName": "%Jobs%", "dataType": "Binary" }""")
            + ", "
            + Function("Clock", """{ "name": "t", "type": "timerTrigger", "direction": "In", "schedule": "%Every%", "runOnStartup": true }""")
            + "]");

        var app = Load();

        var queue = Assert.IsType<QueueTrigger>(app.Find("Job")!.Trigger);
        Assert.Equal("jobs", queue.QueueName);
        Assert.Equal("jobs-poison", queue.PoisonQueueName);
        Assert.True(queue.Binary);
        var timer = Assert.IsType<TimerTrigger>(app.Find("Clock")!.Trigger);
        Assert.True(timer.RunOnStartup);
        Assert.Equal("0 */5 * * * *", timer.Schedule.Expression);
        Assert.Equal(new QueueSettings(16, 8 * Environment.ProcessorCount, TimeSpan.FromMinutes(1), TimeSpan.Zero, 5, Azure.Storage.Queues.QueueMessageEncoding.Base64), app.Host.Queues);
    }

    [Fact]
    public void IgnoresACustomHandlerSectionLeftFromAnAppMovingToTheIsolatedWorker()
    {
        Write(
            Metadata("Job", """{ "name": "m", "type": "queueTrigger", "direction": "In", "queueName": "%Jobs%" }"""),
            host: """{ "version": "2.0", "customHandler": { "description": { "defaultExecutablePath": "App" }, "enableForwardingHttpRequest": true } }""");

        var app = Load();

        Assert.Equal("jobs", Assert.IsType<QueueTrigger>(app.Find("Job")!.Trigger).QueueName);
    }

    [Fact]
    public void AppSettingsOverrideHostJsonValuesWithNumbersGivenAsStrings()
    {
        Write(
            Metadata("Job", """{ "name": "m", "type": "queueTrigger", "direction": "In", "queueName": "%Jobs%" }"""),
            host: """{ "version": "2.0", "functionTimeout": "00:10:00", "extensions": { "queues": { "batchSize": 16, "maxPollingInterval": "00:00:02", "newBatchThreshold": 1 } } }""",
            settings: """
                { "Values": { "FUNCTIONS_WORKER_RUNTIME": "dotnet-isolated", "AzureWebJobsStorage": "UseDevelopmentStorage=true", "Jobs": "jobs",
                  "AzureFunctionsJobHost__extensions__queues__maxPollingInterval": "00:00:00.250", "azurefunctionsjobhost__Extensions__Queues__BatchSize": "4" } }
                """);

        var app = FunctionAppLoader.Load(
            _directory,
            settingOverrides: new Dictionary<string, string>
            {
                ["AzureFunctionsJobHost__extensions__queues__visibilityTimeout"] = "00:00:03",
                ["AzureFunctionsJobHost__functionTimeout"] = "00:01:00",
            });

        Assert.Equal(new QueueSettings(4, 1, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(3), 5, Azure.Storage.Queues.QueueMessageEncoding.Base64), app.Host.Queues);
        Assert.Equal(TimeSpan.FromMinutes(1), app.Host.FunctionTimeout);
    }

    [Theory]
    [InlineData("AzureFunctionsJobHost__extensions__queues__batchSize", "many", "app setting AzureFunctionsJobHost__extensions__queues__batchSize must be a whole number from 1 to 32")]
    [InlineData("AzureFunctionsJobHost__functionTimeout", "soon", "app setting AzureFunctionsJobHost__functionTimeout must be a time span")]
    [InlineData("AzureFunctionsJobHost__extensions__queues__maxPollingIntervall", "00:00:01", "app setting AzureFunctionsJobHost__extensions__queues__maxPollingIntervall: extensions.queues.maxPollingIntervall is not supported")]
    [InlineData("AzureFunctionsJobHost__extensions__serviceBus__prefetchCount", "10", "app setting AzureFunctionsJobHost__extensions__serviceBus__prefetchCount: extensions.serviceBus is not supported")]
    [InlineData("AzureFunctionsJobHost____batchSize", "4", "app setting AzureFunctionsJobHost____batchSize names no host.json value")]
    public void RefusesAnOverrideItCannotHonourNamingTheSetting(string name, string value, string expected)
    {
        Write(Metadata("Job", """{ "name": "m", "type": "queueTrigger", "direction": "In", "queueName": "%Jobs%" }"""));

        var error = Assert.Throws<FunctionAppLoadException>(() => FunctionAppLoader.Load(_directory, settingOverrides: new Dictionary<string, string> { [name] = value }));

        Assert.Contains(error.Errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void HostJsonOverridesComeFromValuesAndTheEnvironmentWithValuesWinning()
    {
        var settings = new AppSettings(
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["AzureFunctionsJobHost__extensions__queues__batchSize"] = "4", ["Jobs"] = "jobs" },
            new Dictionary<string, string>
            {
                ["AZUREFUNCTIONSJOBHOST__extensions__queues__batchSize"] = "8",
                ["AzureFunctionsJobHost__functionTimeout"] = "00:01:00",
                ["PATH"] = "/bin",
            });

        var overrides = settings.WithPrefix("AzureFunctionsJobHost__");

        Assert.Equal(2, overrides.Count);
        Assert.Equal("4", overrides["AzureFunctionsJobHost__extensions__queues__batchSize"]);
        Assert.Equal("00:01:00", overrides["azurefunctionsjobhost__functiontimeout"]);
    }

    [Fact]
    public void RefusesAnotherWorkerRuntime()
    {
        Write(Metadata("Job", """{ "name": "m", "type": "queueTrigger", "direction": "In", "queueName": "%Jobs%" }"""), settings: Settings.Replace("dotnet-isolated", "node", StringComparison.Ordinal));

        var error = Assert.Throws<FunctionAppLoadException>(() => Load());

        Assert.Contains(error.Errors, e => e.Contains("FUNCTIONS_WORKER_RUNTIME is 'node'", StringComparison.Ordinal));
    }

    private FunctionApp Load() => FunctionAppLoader.Load(_directory);

    private void Write(string metadata, string host = HostJson, string settings = Settings)
    {
        File.WriteAllText(Path.Combine(_directory, "functions.metadata"), metadata);
        File.WriteAllText(Path.Combine(_directory, "worker.config.json"), WorkerConfig);
        File.WriteAllText(Path.Combine(_directory, "host.json"), host);
        File.WriteAllText(Path.Combine(_directory, "local.settings.json"), settings);
    }

    private static string Metadata(string name, params string[] bindings) => "[" + Function(name, bindings) + "]";

    private static string Function(string name, params string[] bindings) =>
        $$"""{ "name": "{{name}}", "scriptFile": "App.dll", "entryPoint": "App.Functions.{{name}}", "language": "dotnet-isolated", "bindings": [ {{string.Join(", ", bindings)}} ] }""";
}
