using System.Diagnostics.CodeAnalysis;

namespace CspUpgrades.Functions.Http;

/// <summary>Reads query-string parameters the same way everywhere: at most once each, present means not blank.</summary>
public static class QueryValues
{
    /// <returns>False with a 400 naming <paramref name="name"/> when it is given twice or empty; <paramref name="value"/> is
    /// null when it is absent.</returns>
    public static bool TryReadSingle(HttpRequest request, string name, out string? value, [NotNullWhen(false)] out IResult? problem)
    {
        ArgumentNullException.ThrowIfNull(request);
        value = null;
        problem = null;
        if (!request.Query.TryGetValue(name, out var values))
        {
            return true;
        }

        if (values.Count != 1 || string.IsNullOrWhiteSpace(values[0]))
        {
            problem = Problems.Validation(name, $"'{name}' must be given once, with a value.");
            return false;
        }

        value = values[0];
        return true;
    }
}
