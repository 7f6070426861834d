namespace CspUpgrades.Functions.Hosting;

/// <summary>How the Functions host starts a function. Written to function.json by <see cref="FunctionJsonWriter"/>.</summary>
public abstract record FunctionTrigger;

/// <summary>An HTTP function; the host forwards the original request at <c>/api/{Route}</c>.</summary>
public sealed record HttpTrigger(string Method, string Route) : FunctionTrigger
{
    public string Path => "/api/" + Route;
}

/// <summary>A Storage queue function; the host POSTs each message to <c>/{FunctionName}</c>.</summary>
public sealed record QueueTrigger(string QueueName, string Connection = "AzureWebJobsStorage") : FunctionTrigger;

/// <summary>A timer function; <see cref="ScheduleSetting"/> names the app setting with the six-field NCRONTAB.</summary>
public sealed record TimerTrigger(string ScheduleSetting, string DefaultSchedule) : FunctionTrigger;
