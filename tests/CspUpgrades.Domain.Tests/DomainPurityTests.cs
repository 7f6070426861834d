using System.Text.RegularExpressions;
using System.Xml.Linq;
using CspUpgrades.Domain.Catalog;

namespace CspUpgrades.Domain.Tests;

/// <summary>The domain references nothing but the BCL (STYLE §3): no Azure, no HTTP, no packages.</summary>
public class DomainPurityTests
{
    [Fact]
    public void TheDomainProjectHasNoPackageProjectOrFrameworkReferences()
    {
        var project = XDocument.Load(Path.Combine(RepositoryRoot(), "src", "CspUpgrades.Domain", "CspUpgrades.Domain.csproj"));

        var references = project.Descendants()
            .Where(e => e.Name.LocalName is "PackageReference" or "ProjectReference" or "FrameworkReference")
            .Select(e => $"{e.Name.LocalName} {e.Attribute("Include")?.Value}");

        Assert.Empty(references);
    }

    [Fact]
    public void TheDomainAssemblyReferencesOnlyTheBaseClassLibrary()
    {
        var referenced = typeof(OfferCatalog).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.NotEmpty(referenced);
        Assert.All(referenced, name => Assert.True(
            name is "System" or "netstandard" || name.StartsWith("System.", StringComparison.Ordinal),
            $"The domain references {name}, which is not part of the BCL."));
    }

    [Fact]
    public void TheDomainNeverReadsTheClockOrTheEnvironmentNorDoesIO()
    {
        var forbidden = new Regex(@"DateTime(Offset)?\.(Now|UtcNow|Today)|TimeProvider\.System|\b(File|Directory|Environment|Console)\.|HttpClient");
        var sources = Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "src", "CspUpgrades.Domain"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

        var offending = sources
            .SelectMany(path => File.ReadLines(path).Select((line, index) => (path, line, index)))
            .Where(entry => forbidden.IsMatch(entry.line))
            .Select(entry => $"{Path.GetFileName(entry.path)}:{entry.index + 1}: {entry.line.Trim()}");

        Assert.Empty(offending);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Functions.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Functions.sln above {AppContext.BaseDirectory}.");
    }
}
