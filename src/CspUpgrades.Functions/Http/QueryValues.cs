using System.Diagnostics.CodeAnalysis;
using System.Globalization;

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

    /// <summary>A calendar date written <c>YYYY-MM-DD</c>; null when absent.</summary>
    public static bool TryReadDate(HttpRequest request, string name, out DateOnly? value, [NotNullWhen(false)] out IResult? problem)
    {
        value = null;
        if (!TryReadSingle(request, name, out var text, out problem))
        {
            return false;
        }

        if (text is null)
        {
            return true;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            value = date;
            return true;
        }

        problem = Problems.Validation(name, $"'{name}' must be a date written YYYY-MM-DD.");
        return false;
    }

    /// <summary>One of <paramref name="allowed"/> (as written on the wire, case-sensitive); null when absent.</summary>
    public static bool TryReadOneOf(HttpRequest request, string name, IReadOnlyCollection<string> allowed, out string? value, [NotNullWhen(false)] out IResult? problem)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        if (!TryReadSingle(request, name, out value, out problem))
        {
            return false;
        }

        if (value is null || allowed.Contains(value))
        {
            return true;
        }

        problem = Problems.Validation(name, $"'{name}' must be one of: {string.Join(", ", allowed)}.");
        value = null;
        return false;
    }
}
