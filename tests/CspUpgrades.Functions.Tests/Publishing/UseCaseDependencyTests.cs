using System.Text.RegularExpressions;

namespace CspUpgrades.Functions.Tests.Publishing;

/// <summary>
/// The app's folders depend only downward: a use-case folder (one function, its types and handler) uses the shared
/// folders — <c>Upgrades</c> (the message, queue, operation answer and idempotency key the upgrade's functions share),
/// <c>CustomerSummaries</c> (the customer list's refresh, which every change to a customer ends with),
/// <c>Events</c> (the partner events every commit writes, and the drain that publishes them),
/// <c>Http</c> (with the attributes that describe an HTTP function for the OpenAPI document), <c>Security</c>, <c>Telemetry</c>, and <c>Settings</c>
/// (setting names and option classes, a leaf) — never another use case, nor <c>Composition</c>; the shared folders use no
/// use case. Only <c>Composition</c>, the root, knows every folder.
/// </summary>
public sealed partial class UseCaseDependencyTests
{
    private static readonly string App = Path.Combine(PublishedApp.RepositoryRoot(), "src", "CspUpgrades.Functions");

    private static readonly string[] Shared = ["CustomerSummaries", "Events", "Http", "Security", "Settings", "Telemetry", "Upgrades"];

    private static readonly string[] UseCaseFolders =
        [.. Directory.GetDirectories(App).Select(Path.GetFileName).OfType<string>()
            .Where(folder => folder is not ("bin" or "obj" or "Composition") && !Shared.Contains(folder))
            .Order(StringComparer.Ordinal)];

    public static TheoryData<string> UseCases => new(UseCaseFolders);

    public static TheoryData<string> SharedFolders => new(Shared);

    [Theory]
    [MemberData(nameof(UseCases))]
    public void AUseCaseUsesOnlyTheSharedFolders(string useCase) =>
        Assert.Empty(FoldersUsedBy(useCase).Except([useCase, .. Shared]));

    [Theory]
    [MemberData(nameof(SharedFolders))]
    public void ASharedFolderUsesNoUseCase(string folder) =>
        Assert.Empty(FoldersUsedBy(folder).Except([folder, .. Shared]));

    [Fact]
    public void SettingsAreALeaf() => Assert.Empty(FoldersUsedBy("Settings").Except(["Settings"]));

    [Fact]
    public void TheCheckSeesTheFolders() => Assert.Contains("RequestUpgrade", UseCaseFolders);

    /// <summary>The app's folders that <paramref name="folder"/>'s code names, by <c>using</c> or a qualified name.</summary>
    private static List<string> FoldersUsedBy(string folder) =>
        Directory.GetFiles(Path.Combine(App, folder), "*.cs", SearchOption.AllDirectories)
            .SelectMany(file => AppNamespace().Matches(File.ReadAllText(file)).Select(match => match.Groups[1].Value))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    [GeneratedRegex(@"\bCspUpgrades\.Functions\.([A-Z][A-Za-z]*)\b")]
    private static partial Regex AppNamespace();
}
