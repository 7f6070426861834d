namespace CspUpgrades.Storage.Connection;

/// <summary><c>Key=Value;Key=Value</c> with case-insensitive keys; a value may itself contain '=' (base64 keys do).</summary>
internal static class ConnectionStringSettings
{
    public static Dictionary<string, string> Parse(string connectionString)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var segment in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = segment.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                // The segment may hold a secret: name its position, never its text.
                throw new ArgumentException("The connection string has a segment that is not Key=Value.", nameof(connectionString));
            }

            settings[segment[..equals].Trim()] = segment[(equals + 1)..].Trim();
        }

        return settings;
    }
}
