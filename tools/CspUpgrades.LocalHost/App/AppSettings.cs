using System.Collections;

namespace CspUpgrades.LocalHost.App;

/// <summary>
/// The app's settings as the Functions host sees them locally: <c>local.settings.json</c> Values first, then the
/// host process's environment. <c>%Name%</c> in binding expressions resolves against them.
/// </summary>
internal sealed class AppSettings
{
    private readonly IReadOnlyDictionary<string, string> _values;
    private readonly IReadOnlyDictionary<string, string> _environment;

    public AppSettings(IReadOnlyDictionary<string, string> values, IReadOnlyDictionary<string, string> environment)
    {
        _values = values;
        _environment = environment;
    }

    /// <summary>The <c>local.settings.json</c> Values (plus overrides), which go into the worker's environment.</summary>
    public IReadOnlyDictionary<string, string> Values => _values;

    public static IReadOnlyDictionary<string, string> ProcessEnvironment()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key && entry.Value is string value)
            {
                environment[key] = value;
            }
        }

        return environment;
    }

    public string? Get(string name)
    {
        if (_values.TryGetValue(name, out var value))
        {
            return value;
        }

        // Environment variables use "__" for ":"; a setting may be asked for in either form.
        return _environment.TryGetValue(name, out value) || _environment.TryGetValue(name.Replace(":", "__", StringComparison.Ordinal), out value)
            ? value
            : null;
    }

    /// <summary>Every setting whose name starts with <paramref name="prefix"/> (case-insensitive); Values win over the environment, as in <see cref="Get"/>.</summary>
    public IReadOnlyDictionary<string, string> WithPrefix(string prefix)
    {
        var found = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in _environment.Concat(_values).Where(s => s.Key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
        {
            found[name] = value;
        }

        return found;
    }

    /// <summary>Replaces every <c>%Name%</c> with its setting; a missing setting is an error naming it.</summary>
    public bool TryResolve(string expression, out string resolved, out string? missing)
    {
        missing = null;
        var result = new System.Text.StringBuilder();
        var position = 0;
        while (position < expression.Length)
        {
            var start = expression.IndexOf('%', position);
            if (start < 0)
            {
                result.Append(expression, position, expression.Length - position);
                break;
            }

            var end = expression.IndexOf('%', start + 1);
            if (end < 0)
            {
                result.Append(expression, position, expression.Length - position);
                break;
            }

            result.Append(expression, position, start - position);
            var name = expression[(start + 1)..end];
            var value = Get(name);
            if (value is null)
            {
                missing = name;
                resolved = expression;
                return false;
            }

            result.Append(value);
            position = end + 1;
        }

        resolved = result.ToString();
        return true;
    }
}
