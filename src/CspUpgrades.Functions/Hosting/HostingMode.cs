namespace CspUpgrades.Functions.Hosting;

/// <summary>Whether the Azure Functions host started this process, and where to listen.</summary>
public static class HostingMode
{
    public const string CustomHandlerPortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";
    public const string DefaultLocalUrl = "http://127.0.0.1:7071";

    /// <summary>The port the Functions host chose for us, or null when we run on our own.</summary>
    public static int? CustomHandlerPort(IConfiguration configuration) =>
        int.TryParse(configuration[CustomHandlerPortVariable], out var port) ? port : null;

    public static bool IsStartedByFunctionsHost(IConfiguration configuration) =>
        CustomHandlerPort(configuration) is not null;
}
