using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Functions.Http;

/// <summary>A paged list's <c>?top=</c> (1–1,000, default 100) and <c>?continuationToken=</c>, read and checked together.</summary>
/// <param name="Top">Most items on this page.</param>
/// <param name="StorageToken">Where Table Storage goes on; null for the first page.</param>
public sealed record PageRequest(int Top, string? StorageToken)
{
    public const string TopParameter = "top";
    public const int DefaultTop = 100;
    public const int MaxTop = 1000;

    public static bool TryRead(HttpRequest request, PartnerId partner, string list, [NotNullWhen(true)] out PageRequest? page, [NotNullWhen(false)] out IResult? problem)
    {
        ArgumentNullException.ThrowIfNull(request);
        page = null;
        if (!TryReadCount(request, TopParameter, out var top, out problem)
            || !QueryValues.TryReadSingle(request, ContinuationToken.Parameter, out var token, out problem)
            || !ContinuationToken.TryRead(token, partner, list, out var position, out problem))
        {
            return false;
        }

        page = new PageRequest(top, position);
        return true;
    }

    /// <summary>A page size in <paramref name="parameter"/> (<c>top</c>, or the event feed's <c>limit</c>): 1–1,000, default 100.</summary>
    public static bool TryReadCount(HttpRequest request, string parameter, out int top, [NotNullWhen(false)] out IResult? problem)
    {
        top = DefaultTop;
        if (!QueryValues.TryReadSingle(request, parameter, out var value, out problem))
        {
            return false;
        }

        if (value is null)
        {
            return true;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out top) && top is >= 1 and <= MaxTop)
        {
            return true;
        }

        problem = Problems.Validation(parameter, $"'{parameter}' must be a whole number from 1 to {MaxTop}.");
        return false;
    }
}
