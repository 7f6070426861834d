using System.Reflection;

namespace CspUpgrades.Portal.Tests.Support;

/// <summary>Paths the build wrote into this assembly: the app's and the operator console's build output, the repository.</summary>
public static class Repository
{
    public static string FunctionsAppDirectory { get; } = Metadata("FunctionsAppDirectory");

    public static string OperatorDirectory { get; } = Metadata("OperatorDirectory");

    public static string Root { get; } = Metadata("RepositoryRoot");

    private static string Metadata(string key) =>
        typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
