using System.Text.Json;
using System.Text.RegularExpressions;

namespace CspUpgrades.Infra.Tests.Checking;

/// <summary>The Bicep compiler refused the templates: its errors.</summary>
public sealed class BicepBuildException(IReadOnlyList<BicepDiagnostic> errors)
    : Exception("The Bicep compiler refuses the templates:\n" + string.Join("\n", errors))
{
    public IReadOnlyList<BicepDiagnostic> Errors { get; } = errors;
}

/// <summary>
/// infra/ as Azure Resource Manager receives it: every .bicep file compiled by the Bicep CLI, main.json with
/// its modules nested as deployments, and the values main.parameters.json gives. A small resolver follows a
/// value through <c>parameters()</c> (up to the deployment that passes it, and from main to the parameters
/// file or the default) and <c>variables()</c>, to a literal or to what is only known at deployment, such as
/// an output of another deployment.
/// </summary>
public sealed partial class CompiledInfra
{
    public const string MainFile = "main.bicep";
    public const string ParametersFile = "main.parameters.json";
    private const string Deployment = "Microsoft.Resources/deployments";

    private CompiledInfra(ArmTemplate main, IReadOnlyList<string> sourceFiles, IReadOnlyDictionary<string, JsonElement> parameterValues)
    {
        Main = main;
        SourceFiles = sourceFiles;
        ParameterValues = parameterValues;
        Templates = [main, .. main.AllDeployments()];
    }

    /// <summary>The compiled main.bicep.</summary>
    public ArmTemplate Main { get; }

    /// <summary>main and every template nested in it, depth first.</summary>
    public IReadOnlyList<ArmTemplate> Templates { get; }

    /// <summary>Every .bicep file under infra/, relative, with forward slashes: <c>main.bicep</c>, <c>app/storage.bicep</c>.</summary>
    public IReadOnlyList<string> SourceFiles { get; }

    /// <summary>The values main.parameters.json gives main.bicep's params.</summary>
    public IReadOnlyDictionary<string, JsonElement> ParameterValues { get; }

    /// <summary>Compiles every .bicep file of <paramref name="infraDirectory"/>; a compiler error throws <see cref="BicepBuildException"/>.</summary>
    public static CompiledInfra Build(string infraDirectory)
    {
        var sources = Directory.EnumerateFiles(infraDirectory, "*.bicep", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(infraDirectory, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
        var compiled = sources.ToDictionary(source => source, source => BicepCli.Compile(Path.Combine(infraDirectory, source), infraDirectory));
        var errors = compiled.Values.SelectMany(c => c.Diagnostics).Where(d => d.IsError).Distinct().ToList();
        if (errors.Count > 0)
        {
            throw new BicepBuildException(errors);
        }

        if (compiled.FirstOrDefault(c => c.Value.Template is null).Key is { } unbuilt)
        {
            throw new InvalidOperationException($"The compiler made no template of {unbuilt} and reported no error.");
        }

        // Each file compiled on its own too: a nested template is the module whose own build has its hash.
        var byHash = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (source, compilation) in compiled)
        {
            using var template = JsonDocument.Parse(compilation.Template!);
            byHash.TryAdd(TemplateHash(template.RootElement) ?? source, source);
        }

        var main = compiled.TryGetValue(MainFile, out var mainCompilation)
            ? mainCompilation
            : throw new FileNotFoundException($"No {MainFile} in {infraDirectory}.");
        using var mainJson = JsonDocument.Parse(main.Template!);
        var root = new ArmTemplate("main", MainFile, mainJson.RootElement.Clone(), null, null, byHash);
        return new CompiledInfra(root, sources, ReadParameterValues(Path.Combine(infraDirectory, ParametersFile)));
    }

    /// <summary>The resources of <paramref name="type"/> the templates deploy (not those they only refer to as existing).</summary>
    public IEnumerable<ArmResource> ResourcesOfType(string type) =>
        Templates.SelectMany(t => t.Resources).Where(r => !r.Existing && string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase));

    /// <summary>The deployment of main that deploys a resource of <paramref name="type"/>, or null.</summary>
    public ArmTemplate? DeploymentOf(string type) =>
        Main.Deployments.FirstOrDefault(d => d.Resources.Any(r => !r.Existing && string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase)));

    /// <summary>Follows <paramref name="value"/> of <paramref name="template"/> as far as it is known before deployment.</summary>
    public ArmValue Resolve(ArmTemplate template, JsonElement value)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (value.ValueKind != JsonValueKind.String)
        {
            return new ArmValue(template, value, null);
        }

        var text = value.GetString()!;
        return ArmExpression.Of(text) is { } expression
            ? Evaluate(template, expression)
            : new ArmValue(template, JsonSerializer.SerializeToElement(ArmExpression.Literal(text)), null);
    }

    /// <summary>The string <paramref name="value"/> resolves to, or null when it is missing or known only at deployment.</summary>
    public string? ResolveString(ArmTemplate template, JsonElement? value) =>
        value is { } element ? Resolve(template, element).KnownString : null;

    /// <summary>What <paramref name="expression"/> of <paramref name="template"/> stands for, as far as it is known.</summary>
    public ArmValue Evaluate(ArmTemplate template, ArmExpression expression)
    {
        ArgumentNullException.ThrowIfNull(template);
        switch (expression)
        {
            case ArmString literal:
                return new ArmValue(template, JsonSerializer.SerializeToElement(literal.Value), null);
            case ArmNumber number:
                return new ArmValue(template, JsonSerializer.SerializeToElement(number.Value), null);
            case ArmCall { Arguments: [ArmString name] } call when call.Is("parameters"):
                return Parameter(template, name.Value) ?? new ArmValue(template, null, expression);
            case ArmCall { Arguments: [ArmString name] } call when call.Is("variables")
                && template.Json.TryGetProperty("variables", out var variables) && variables.TryGetProperty(name.Value, out var variable):
                return Resolve(template, variable);
            case ArmCall { Arguments: [ArmString format, ..] } call when call.Is("format"):
                var arguments = call.Arguments.Skip(1).Select(argument => Evaluate(template, argument).Known).ToList();
                if (arguments.All(a => a is { ValueKind: JsonValueKind.String or JsonValueKind.Number }))
                {
                    var formatted = PlaceholderPattern().Replace(format.Value, m =>
                    {
                        var argument = arguments[int.Parse(m.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture)]!.Value;
                        return argument.ValueKind == JsonValueKind.String ? argument.GetString()! : argument.GetRawText();
                    });
                    return new ArmValue(template, JsonSerializer.SerializeToElement(formatted), null);
                }

                return new ArmValue(template, null, expression);
            case ArmCall { Arguments: [] } call when call.Is("true") || call.Is("false"):
                return Known(template, call.Is("true"));
            case ArmCall { Arguments: [var condition, var whenTrue, var whenFalse] } call when call.Is("if"):
                return IsTrue(template, condition) is { } chosen ? Evaluate(template, chosen ? whenTrue : whenFalse) : new ArmValue(template, null, expression);
            case ArmCall { Arguments: [var operand] } call when call.Is("not"):
                return IsTrue(template, operand) is { } value ? Known(template, !value) : new ArmValue(template, null, expression);
            case ArmCall call when (call.Is("and") || call.Is("or")) && call.Arguments.Count > 0:
                // Known as soon as one operand decides it (false for and, true for or), as the deployment evaluates it.
                var operands = call.Arguments.Select(a => IsTrue(template, a)).ToList();
                var decisive = call.Is("or");
                return operands.Contains(decisive) ? Known(template, decisive)
                    : operands.All(o => o is not null) ? Known(template, !decisive)
                    : new ArmValue(template, null, expression);
            case ArmCall { Arguments: [var operand] } call when call.Is("empty"):
                return Evaluate(template, operand).Known switch
                {
                    { ValueKind: JsonValueKind.String } text => Known(template, text.GetString()!.Length == 0),
                    { ValueKind: JsonValueKind.Array } array => Known(template, array.GetArrayLength() == 0),
                    { ValueKind: JsonValueKind.Object } obj => Known(template, !obj.EnumerateObject().Any()),
                    { ValueKind: JsonValueKind.Null } => Known(template, true),
                    _ => new ArmValue(template, null, expression),
                };
            case ArmCall { Arguments: [var left, var right] } call when call.Is("equals"):
                return (Evaluate(template, left).Known, Evaluate(template, right).Known) is ({ } a, { } b)
                    ? Known(template, a.GetRawText() == b.GetRawText())
                    : new ArmValue(template, null, expression);
            default:
                return new ArmValue(template, null, expression);
        }
    }

    /// <summary>Whether a condition (<c>if (…)</c> of a resource or module, or a boolean expression) holds, or null when only the deployment knows.</summary>
    public bool? IsTrue(ArmTemplate template, ArmExpression? condition) =>
        condition is null ? true : Evaluate(template, condition).Known switch
        {
            { ValueKind: JsonValueKind.True } => true,
            { ValueKind: JsonValueKind.False } => false,
            _ => null,
        };

    /// <summary>
    /// Whether <paramref name="resource"/> is deployed with the parameters file's values and the defaults: its own condition and
    /// those of the modules that nest it all hold. Null when one of them is known only at deployment.
    /// </summary>
    public bool? IsDeployed(ArmResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        bool? deployed = IsTrue(resource.Template, ConditionOf(resource.Condition));
        for (var template = resource.Template; template.Parent is not null && deployed != false; template = template.Parent)
        {
            var module = IsTrue(template.Parent, template.Condition);
            deployed = module == false ? false : module is null || deployed is null ? null : true;
        }

        return deployed;
    }

    private static ArmValue Known(ArmTemplate template, bool value) => new(template, JsonSerializer.SerializeToElement(value), null);

    /// <summary>A <c>condition</c> as the template writes it (<c>[expression]</c>, or a JSON boolean's text) as an expression.</summary>
    internal static ArmExpression? ConditionOf(string? condition) => condition switch
    {
        null or "true" => null,
        "false" => ArmExpression.Of("[false()]"),
        _ => ArmExpression.Of(condition) ?? throw new FormatException($"A condition that is neither an expression nor a boolean: {condition}"),
    };

    // A deployment's parameter comes from what its parent passes; main's from the parameters file; else the default.
    private ArmValue? Parameter(ArmTemplate template, string name)
    {
        if (template.Parent is { } parent && template.PassedParameters is { } passed && passed.TryGetProperty(name, out var given))
        {
            if (given.ValueKind == JsonValueKind.Object && given.TryGetProperty("value", out var value))
            {
                return Resolve(parent, value);
            }

            // A value a condition chooses: Bicep writes [if(<condition>, createObject('value', <a>), createObject('value', <b>))].
            if (given.ValueKind == JsonValueKind.String && ArmExpression.Of(given.GetString()!) is ArmCall { Arguments: [var condition, ArmCall whenTrue, ArmCall whenFalse] } choice
                && choice.Is("if") && whenTrue.Is("createObject") && whenFalse.Is("createObject")
                && whenTrue.Arguments is [ArmString { Value: "value" }, var a] && whenFalse.Arguments is [ArmString { Value: "value" }, var b])
            {
                return IsTrue(parent, condition) is { } chosen ? Evaluate(parent, chosen ? a : b) : new ArmValue(parent, null, choice);
            }

            throw new FormatException($"The deployment {template.Name} passes parameter {name} in a form the checks cannot follow: {given}");
        }

        if (template.Parent is null && ParameterValues.TryGetValue(name, out var fromFile))
        {
            return new ArmValue(template, fromFile, null);
        }

        return template.Json.TryGetProperty("parameters", out var parameters) && parameters.TryGetProperty(name, out var declared)
            && declared.TryGetProperty("defaultValue", out var defaultValue)
            ? Resolve(template, defaultValue)
            : null;
    }

    private static Dictionary<string, JsonElement> ReadParameterValues(string path)
    {
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (File.Exists(path))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            foreach (var parameter in document.RootElement.GetProperty("parameters").EnumerateObject())
            {
                if (parameter.Value.TryGetProperty("value", out var value))
                {
                    values[parameter.Name] = value.Clone();
                }
            }
        }

        return values;
    }

    internal static string? TemplateHash(JsonElement template) =>
        template.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("_generator", out var generator)
        && generator.TryGetProperty("templateHash", out var hash) ? hash.GetString() : null;

    [GeneratedRegex(@"\{(?<index>\d+)\}")]
    private static partial Regex PlaceholderPattern();
}

/// <summary>
/// Where a resolution ended: a value known before deployment (<see cref="Known"/>), or the expression of
/// <see cref="Template"/> that only the deployment computes (<see cref="Expression"/>).
/// </summary>
public sealed record ArmValue(ArmTemplate Template, JsonElement? Known, ArmExpression? Expression)
{
    public string? KnownString => Known is { ValueKind: JsonValueKind.String } known ? known.GetString() : null;

    /// <summary>Whether this is <c>reference(…'Microsoft.Resources/deployments', '<paramref name="deployment"/>'…).outputs.<paramref name="output"/>.value</c>.</summary>
    public bool IsOutputOf(ArmTemplate deployment, string output)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        return Template == deployment.Parent
            && Expression is ArmMember { Name: "value", Target: ArmMember { Target: ArmMember { Name: "outputs", Target: ArmCall reference } } named }
            && named.Name == output
            && reference.Is("reference")
            && reference.Arguments.Count > 0
            && reference.Arguments[0] is ArmCall { Arguments.Count: > 1 } id
            && id.Arguments[^2] is ArmString { Value: "Microsoft.Resources/deployments" }
            && id.Arguments[^1] is ArmString name && name.Value == deployment.Name;
    }

    public override string ToString() => Known?.GetRawText() ?? $"[{Expression}]";
}

/// <summary>A compiled template: main.json, or a module's template nested in a deployment of its parent.</summary>
public sealed class ArmTemplate
{
    internal ArmTemplate(string name, string? sourceFile, JsonElement json, ArmTemplate? parent, JsonElement? passedParameters,
        IReadOnlyDictionary<string, string> sourcesByHash, string? condition = null)
    {
        Name = name;
        Condition = CompiledInfra.ConditionOf(condition);
        SourceFile = sourceFile;
        Json = json;
        Parent = parent;
        PassedParameters = passedParameters;
        var resources = json.TryGetProperty("resources", out var list) ? list : default;
        Resources = resources.ValueKind switch
        {
            JsonValueKind.Array => resources.EnumerateArray().Select(r => new ArmResource(this, r)).ToList(),
            JsonValueKind.Object => resources.EnumerateObject().Select(r => new ArmResource(this, r.Value)).ToList(),
            _ => [],
        };
        Deployments = Resources
            .Where(r => !r.Existing && string.Equals(r.Type, "Microsoft.Resources/deployments", StringComparison.OrdinalIgnoreCase)
                && r.At("properties", "template") is not null)
            .Select(r =>
            {
                var nested = r.At("properties", "template")!.Value;
                var source = CompiledInfra.TemplateHash(nested) is { } hash && sourcesByHash.TryGetValue(hash, out var file) ? file : null;
                return new ArmTemplate(r.Json.GetProperty("name").GetString()!, source, nested, this, r.At("properties", "parameters"), sourcesByHash, r.Condition);
            })
            .ToList();
    }

    /// <summary><c>main</c>, or the name of the deployment, such as <c>function-app</c>.</summary>
    public string Name { get; }

    /// <summary>The .bicep file (relative to infra/) this was compiled from, or null when none compiles to it.</summary>
    public string? SourceFile { get; }

    public JsonElement Json { get; }

    public ArmTemplate? Parent { get; }

    /// <summary>The condition of the module's deployment (Bicep's <c>module … = if (…)</c>), an expression of <see cref="Parent"/>; null when always deployed.</summary>
    public ArmExpression? Condition { get; }

    /// <summary>The <c>properties.parameters</c> of the deployment that nests this template.</summary>
    public JsonElement? PassedParameters { get; }

    public IReadOnlyList<ArmResource> Resources { get; }

    public IReadOnlyList<ArmTemplate> Deployments { get; }

    /// <summary>The params this template declares.</summary>
    public IEnumerable<string> ParameterNames =>
        Json.TryGetProperty("parameters", out var parameters) ? parameters.EnumerateObject().Select(p => p.Name) : [];

    /// <summary>The params declared @secure(): their type is <c>securestring</c> or <c>secureObject</c>.</summary>
    public IEnumerable<string> SecureParameterNames =>
        Json.TryGetProperty("parameters", out var parameters)
            ? parameters.EnumerateObject().Where(p => p.Value.TryGetProperty("type", out var type)
                && type.GetString()!.StartsWith("secure", StringComparison.OrdinalIgnoreCase)).Select(p => p.Name)
            : [];

    internal IEnumerable<ArmTemplate> AllDeployments() => Deployments.SelectMany(d => d.AllDeployments().Prepend(d));

    public override string ToString() => SourceFile ?? Name;
}

/// <summary>A resource of a compiled template.</summary>
public sealed class ArmResource(ArmTemplate template, JsonElement json)
{
    public ArmTemplate Template { get; } = template;

    public JsonElement Json { get; } = json;

    public string Type => Json.GetProperty("type").GetString()!;

    /// <summary>Only referred to (Bicep's <c>existing</c>, kept by symbolic-name templates), not deployed.</summary>
    public bool Existing => Json.TryGetProperty("existing", out var existing) && existing.ValueKind == JsonValueKind.True;

    /// <summary>The deployment condition (Bicep's <c>if (…)</c>) as the template writes it, or null when always deployed.</summary>
    public string? Condition => Json.TryGetProperty("condition", out var condition) && condition.ValueKind != JsonValueKind.True
        ? (condition.ValueKind == JsonValueKind.String ? condition.GetString() : condition.GetRawText())
        : null;

    /// <summary>The value at a path of nested objects, e.g. <c>properties</c>, <c>functionAppConfig</c>, <c>runtime</c>, <c>name</c>.</summary>
    public JsonElement? At(params string[] path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var current = Json;
        foreach (var key in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(key, out current))
            {
                return null;
            }
        }

        return current;
    }

    public override string ToString() => $"{Type} {Json.GetProperty("name")} in {Template}";
}
