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
