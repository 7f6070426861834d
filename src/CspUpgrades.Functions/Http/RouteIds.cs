using System.Diagnostics.CodeAnalysis;
using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Functions.Http;

/// <summary>Validates ids from routes and bodies (length, charset) before anything reaches storage.</summary>
public static class RouteIds
{
    public static bool TryParse<T>(string? value, string field, out T id, [NotNullWhen(false)] out IResult? problem)
        where T : struct, IStringId<T>
    {
        if (T.TryParse(value, out id))
        {
            problem = null;
            return true;
        }

        problem = Problems.Validation(field, $"'{field}' must be 1-64 characters of A-Z, a-z, 0-9, '-', '_' or '.'.");
        return false;
    }
}
