namespace CspUpgrades.Infra.Tests.Checking;

/// <summary>What a problem is about; each has a test that breaks a copy of the real files and expects it.</summary>
public enum InfraRule
{
    /// <summary>The Bicep compiler refuses a template (an error; its warnings are the linter test's).</summary>
    Compile,

    /// <summary>A compiled template the checks cannot follow (a setting whose name is not a literal, a role whose scope is not a resource…).</summary>
    Unreadable,

    /// <summary>A setting the app (or the host for it) needs in Azure is not in the template.</summary>
    MissingAppSetting,

    /// <summary>The template sets something neither the app nor the explicit host list reads.</summary>
    UnreadAppSetting,

    /// <summary>The template sets a setting the app reads only locally, in tests, or from the process environment.</summary>
    SettingNotForAzure,

    /// <summary>The same setting twice.</summary>
    DuplicateAppSetting,

    /// <summary>A setting with a value that cannot work (a shared-key credential, a table the template does not create…).</summary>
    AppSettingValue,

    /// <summary>The app's identity lacks a role a binding or the code needs, at the scope it needs it.</summary>
    MissingRole,

    /// <summary>A queue of the function manifest is not created.</summary>
    QueueName,

    /// <summary>The table is not the one StorageOptions names by default.</summary>
    TableName,

    /// <summary>The storage account allows shared keys, public blobs or old TLS.</summary>
    StorageSecurity,

    /// <summary>functionAppConfig.runtime is not dotnet-isolated at the app's .NET version.</summary>
    Runtime,

    /// <summary>The plan is not Flex Consumption (FC1).</summary>
    Plan,

    /// <summary>The deployment package container is not reached with the user-assigned identity.</summary>
    DeploymentStorage,

    /// <summary>A module under infra/ that main.bicep never deploys.</summary>
    UnusedModule,

    /// <summary>local.settings.sample.json lists a setting a local run does not use, or misses one it does.</summary>
    LocalSettingsSample,

    /// <summary>docs/DEPLOY.md does not mention a setting a deployment needs.</summary>
    DeployGuide,

    /// <summary>Events to Service Bus: the settings, the topic, its duplicate detection and the identity's sender role disagree.</summary>
    Events,
}

/// <param name="Subject">The setting, role, queue, property or file the problem is about.</param>
public sealed record InfraProblem(InfraRule Rule, string Subject, string Message)
{
    public override string ToString() => $"{Rule} {Subject}: {Message}";
}
