using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Planning;
using CspUpgrades.Functions.PartnerPortal;
using CspUpgrades.Portal.Tests.Support;

namespace CspUpgrades.Portal.Tests;

/// <summary>
/// The page's strings: one resource per language (i18n/en.json, de.json, zh-Hans.json, as the app serves them), each with
/// every key, every key the page names, and a string for every code and value the API can answer.
/// </summary>
public sealed partial class PortalLanguageTests
{
    public static readonly string[] Languages = ["en", "de", "zh-Hans"];

    private static readonly Lazy<Dictionary<string, Dictionary<string, string>>> Resources = new(() => Languages.ToDictionary(
        language => language,
        language => JsonSerializer.Deserialize<Dictionary<string, string>>(PartnerPortalAssets.Find($"i18n/{language}.json")!.Content)!));

    [Fact]
    public void EveryLanguageHasEveryKey()
    {
        var all = Resources.Value.Values.SelectMany(strings => strings.Keys).ToHashSet();
        var missing = Languages
            .SelectMany(language => all.Except(Resources.Value[language].Keys).Select(key => $"{language}: {key}"))
            .Order().ToList();
        Assert.True(missing.Count == 0, "Missing strings:\n" + string.Join('\n', missing));
    }

    [Fact]
    public void EveryStringHasTextAndTheSamePlaceholdersInEveryLanguage()
    {
        var english = Resources.Value["en"];
        foreach (var language in Languages)
        {
            foreach (var (key, text) in Resources.Value[language])
            {
                Assert.False(string.IsNullOrWhiteSpace(text), $"{language}: {key} is empty");
                Assert.Equal(Placeholders(english.GetValueOrDefault(key) ?? string.Empty), Placeholders(text));
            }
        }
    }

    [Fact]
    public void EveryKeyThePageNamesIsInTheResources()
    {
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, file) in PartnerPortalAssets.Files)
        {
            var text = Encoding.UTF8.GetString(file.Content);
            var pattern = path.EndsWith(".js", StringComparison.Ordinal) ? QuotedKey() : path.EndsWith(".html", StringComparison.Ordinal) ? HtmlKey() : null;
            if (pattern is null)
            {
                continue;
            }

            foreach (Match match in pattern.Matches(text))
            {
                named.Add(match.Groups["key"].Value);
            }
        }

        Assert.Contains("upgrade.submit", named); // the scan finds what the page names
        Assert.Contains("shell.signOut", named);
        Assert.Empty(named.Where(key => !Resources.Value["en"].ContainsKey(key)).Order());
    }

    [Fact]
    public void EveryReasonTheApiCanGiveHasAString()
    {
        var expected = Constants(typeof(UpgradeErrorCodes)).Select(code => "reason." + code)
            .Concat(Constants(typeof(LicenseErrorCodes)).Select(code => "license." + code));
        AssertAllPresent(expected);
    }

    /// <summary>The codes docs/API.md lists as the API's HTTP problems, the page's words for each.</summary>
    [Fact]
    public void EveryProblemCodeTheApiDocumentsHasAString()
    {
        var document = File.ReadAllText(Path.Combine(Repository.Root, "docs", "API.md"));
        var codes = ProblemRow().Matches(document).Select(match => match.Groups["code"].Value).ToHashSet();
        Assert.Contains("precondition_failed", codes);
        AssertAllPresent(codes.Select(code => "error." + code));
    }

    /// <summary>The page's words for the 401 problem name both ways in (#35), as the problem's own title does, in every language.</summary>
    [Fact]
    public void TheUnauthorizedProblemNamesBothWaysInEveryLanguage() =>
        Assert.All(Languages, language =>
        {
            var text = Resources.Value[language]["error.unauthorized"];
            Assert.Contains("API", text, StringComparison.Ordinal);
            Assert.Contains("Entra ID", text, StringComparison.Ordinal);
        });

    /// <summary>Every value of the API's enums (from the committed OpenAPI document) that the page shows has a label.</summary>
    [Theory]
    [InlineData("SubscriptionStatus", "status")]
    [InlineData("ChannelKind", "channel")]
    [InlineData("BillingCycle", "billingCycle")]
    [InlineData("BillingLineKind", "billingLineKind")]
    [InlineData("OperationStatus", "operationStatus")]
    [InlineData("UpgradeType", "upgradeType")]
    [InlineData("ServiceKind", "service")]
    [InlineData("BlockReason", "auditReason")]
    [InlineData("BlockReason", "auditRemedy")]
    [InlineData("SourceChange", "sourceChange")]
    public void EveryEnumValueHasALabel(string schema, string prefix)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, "docs", "openapi.v1.json")));
        var values = document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty(schema).GetProperty("enum")
            .EnumerateArray().Select(value => value.GetString()!).ToList();
        Assert.NotEmpty(values);
        AssertAllPresent(values.Select(value => $"{prefix}.{value}"));
    }

    private static void AssertAllPresent(IEnumerable<string> keys)
    {
        var missing = Languages.SelectMany(language => keys.Where(key => !Resources.Value[language].ContainsKey(key)).Select(key => $"{language}: {key}")).ToList();
        Assert.True(missing.Count == 0, "Missing strings:\n" + string.Join('\n', missing));
    }

    private static IEnumerable<string> Constants(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(field => field.IsLiteral).Select(field => (string)field.GetRawConstantValue()!);

    private static string[] Placeholders(string text) => Placeholder().Matches(text).Select(match => match.Value).Order().ToArray();

    [GeneratedRegex(@"\{\w+\}")]
    private static partial Regex Placeholder();

    /// <summary>A quoted string shaped like a key: "area.name" (letters, digits, underscores; at least one dot).</summary>
    [GeneratedRegex(@"'(?<key>[a-z][A-Za-z]*(\.[A-Za-z_]+)+)'")]
    private static partial Regex QuotedKey();

    [GeneratedRegex(@"data-i18n(-label)?=""(?<key>[^""]+)""")]
    private static partial Regex HtmlKey();

    [GeneratedRegex(@"^\| \d{3} \| `(?<code>[a-z_]+)` \|", RegexOptions.Multiline)]
    private static partial Regex ProblemRow();
}
