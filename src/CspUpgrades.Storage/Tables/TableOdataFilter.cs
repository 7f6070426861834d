using System.Globalization;
using System.Text.RegularExpressions;

namespace CspUpgrades.Storage.Tables;

/// <summary>Turns interpolated values into OData literals, so no value can change a filter's meaning.</summary>
internal static partial class TableOdataFilter
{
    public static string Create(FormattableString filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var arguments = filter.GetArguments();
        var literals = new object[arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            literals[i] = Literal(arguments[i]);
        }

        return string.Format(CultureInfo.InvariantCulture, filter.Format, literals);
    }

    public static string Literal(object? value) => value switch
    {
        string s => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'",
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture) + "L",
        double d => Double(d),
        DateTimeOffset d => "datetime'" + d.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture) + "'",
        DateTime d => Literal(new DateTimeOffset(d.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(d, DateTimeKind.Utc) : d.ToUniversalTime())),
        Guid g => "guid'" + g.ToString("D") + "'",
        byte[] bytes => "X'" + Convert.ToHexStringLower(bytes) + "'",
        null => throw new ArgumentException("A filter value cannot be null; Table Storage has no null comparison."),
        _ => throw new ArgumentException(
            $"Type {value.GetType().Name} cannot go into a filter; use string, bool, int, long, double, DateTimeOffset, Guid or byte[]."),
    };

    /// <summary>
    /// The partition a filter pins with a top-level <c>PartitionKey eq '…'</c> conjunct (no <c>or</c>/<c>not</c>
    /// anywhere outside literals), or null. Used to attribute queries to a partition in diagnostics.
    /// </summary>
    public static string? SinglePartition(string? filter)
    {
        if (string.IsNullOrEmpty(filter))
        {
            return null;
        }

        if (OrNotPattern().IsMatch(LiteralPattern().Replace(filter, "''")))
        {
            return null;
        }

        // A match counts only where its quote opens a real literal, not somewhere inside one.
        var literalStarts = LiteralPattern().Matches(filter).Select(m => m.Index).ToHashSet();
        foreach (Match match in PartitionEqualsPattern().Matches(filter))
        {
            var literal = match.Groups[1];
            if (literalStarts.Contains(literal.Index - 1))
            {
                return literal.Value.Replace("''", "'", StringComparison.Ordinal);
            }
        }

        return null;
    }

    private static string Double(double d)
    {
        if (!double.IsFinite(d))
        {
            throw new ArgumentException("NaN and infinities cannot be compared in a filter.");
        }

        // A whole number gets ".0" so the service reads a double, not an Int32.
        var text = d.ToString("R", CultureInfo.InvariantCulture);
        return text.AsSpan().IndexOfAny('.', 'E') < 0 ? text + ".0" : text;
    }

    [GeneratedRegex("'(?:[^']|'')*'")]
    private static partial Regex LiteralPattern();

    [GeneratedRegex(@"\b(?:or|not)\b", RegexOptions.IgnoreCase)]
    private static partial Regex OrNotPattern();

    [GeneratedRegex(@"(?:^|\band\s+|\()\s*PartitionKey\s+eq\s+'((?:[^']|'')*)'")]
    private static partial Regex PartitionEqualsPattern();
}
