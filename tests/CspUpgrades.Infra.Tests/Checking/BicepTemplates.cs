using System.Text.Json;
using System.Text.RegularExpressions;

namespace CspUpgrades.Infra.Tests.Checking;

/// <summary>
/// infra/main.bicep, every module under it and infra/main.parameters.json, read as text, with a small
/// resolver that follows an expression through vars, params and module parameters back to main.bicep,
/// and from main.bicep's params to the parameters file or their defaults.
/// </summary>
public sealed partial class BicepTemplates
{
    public const string MainFile = "main.bicep";
    public const string ParametersFile = "main.parameters.json";

    private BicepTemplates(IReadOnlyList<BicepFile> files, IReadOnlyDictionary<string, JsonElement> parameterValues)
    {
        Files = files;
        ParameterValues = parameterValues;
        Main = files.Single(f => f.RelativePath == MainFile);
    }

    public IReadOnlyList<BicepFile> Files { get; }

    public BicepFile Main { get; }

    /// <summary>The values main.parameters.json gives main.bicep's params.</summary>
    public IReadOnlyDictionary<string, JsonElement> ParameterValues { get; }

    public static BicepTemplates Load(string infraDirectory)
    {
        var files = Directory.EnumerateFiles(infraDirectory, "*.bicep", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(path => BicepFile.Parse(Path.GetRelativePath(infraDirectory, path).Replace('\\', '/'), File.ReadAllText(path)))
            .ToList();

        var parametersPath = Path.Combine(infraDirectory, ParametersFile);
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (File.Exists(parametersPath))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(parametersPath));
            foreach (var parameter in document.RootElement.GetProperty("parameters").EnumerateObject())
            {
                if (parameter.Value.TryGetProperty("value", out var value))
                {
                    values[parameter.Name] = value.Clone();
                }
            }
        }

        return new BicepTemplates(files, values);
    }

    /// <summary>The module file a <c>module</c> declaration of main.bicep points to, or null.</summary>
    public BicepFile? FileOf(BicepModuleCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var path = call.RelativePath.StartsWith("./", StringComparison.Ordinal) ? call.RelativePath[2..] : call.RelativePath;
        return Files.SingleOrDefault(f => f.RelativePath == path);
    }

    /// <summary>The calls of main.bicep that deploy <paramref name="file"/>.</summary>
    public IEnumerable<BicepModuleCall> CallsOf(BicepFile file) => Main.Modules.Where(call => FileOf(call) == file);

    /// <summary>The module of main.bicep that deploys a resource of <paramref name="type"/>, or null.</summary>
    public BicepModuleCall? ModuleDeploying(string type) =>
        Main.Modules.FirstOrDefault(call => FileOf(call)?.ResourcesOfType(type).Any(r => !r.Existing) == true);

    /// <summary>
    /// Follows <paramref name="expression"/> of <paramref name="file"/> while it is a bare name of a var,
    /// or of a param whose value is known (passed by main.bicep's one call of the module, given in the
    /// parameters file, or defaulted), and returns the expression it ends at: a literal, or something
    /// computed at deployment such as <c>identity.outputs.principalId</c>.
    /// </summary>
    public Resolved Resolve(BicepFile file, string expression)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(expression);
        for (var hops = 0; hops < 20; hops++)
        {
            expression = expression.Trim();
            if (!NamePattern().IsMatch(expression))
            {
                return new Resolved(file, expression);
            }

            if (file.Vars.TryGetValue(expression, out var value))
            {
                expression = value;
            }
            else if (!file.Params.TryGetValue(expression, out var defaultValue))
            {
                return new Resolved(file, expression);
            }
            else if (file == Main && ParameterValues.TryGetValue(expression, out var given))
            {
                return new Resolved(file, given.ValueKind == JsonValueKind.String ? Quote(given.GetString()!) : given.GetRawText());
            }
            else if (file != Main && CallsOf(file).ToList() is [var call] && call.Params.TryGetValue(expression, out var passed))
            {
                (file, expression) = (Main, passed);
            }
            else if (defaultValue is not null)
            {
                expression = defaultValue;
            }
            else
            {
                return new Resolved(file, expression);
            }
        }

        throw new FormatException($"'{expression}' in {file.RelativePath} does not resolve (a cycle?).");
    }

    /// <summary>The string <paramref name="expression"/> resolves to, or null when it is computed at deployment.</summary>
    public string? ResolveString(BicepFile file, string expression) => BicepSyntax.StringLiteral(Resolve(file, expression).Expression);

    private static string Quote(string value) => "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    [GeneratedRegex(@"^[A-Za-z_]\w*$")]
    private static partial Regex NamePattern();
}

/// <summary>Where a resolution ended: the file and the expression there.</summary>
public sealed record Resolved(BicepFile File, string Expression);
