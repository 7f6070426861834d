namespace CspUpgrades.Functions.Http;

/// <summary>
/// A query-string parameter an HTTP function reads, for the OpenAPI document (the function reads it itself, through
/// <see cref="QueryValues"/>). <see cref="Schema"/> is the parameter's JSON Schema as JSON text, e.g.
/// <c>{"type":"integer","minimum":1,"maximum":1000,"default":100}</c>: the ranges the function enforces, stated once beside it.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class QueryParameterAttribute(string name, string description, string schema) : Attribute
{
    /// <summary>The paging parameters every paged list reads (<see cref="PageRequest"/>).</summary>
    public const string TopSchema = """{"type":"integer","minimum":1,"maximum":1000,"default":100}""";

    public const string TopDescription = "Most items on one page (1–1,000, default 100).";

    public const string ContinuationTokenSchema = """{"type":"string","maxLength":4096}""";

    public const string ContinuationTokenDescription = "The previous page's `continuationToken`, to read the next page; only for the same list and partner.";

    public string Name { get; } = name;

    public string Description { get; } = description;

    public string Schema { get; } = schema;

    /// <summary>Without it the request is a 400.</summary>
    public bool Required { get; init; }
}
