namespace CspUpgrades.Functions.Http;

/// <summary>A request header an HTTP function reads, for the OpenAPI document (the function reads it from the request itself).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class RequestHeaderAttribute(string name, string description) : Attribute
{
    public string Name { get; } = name;

    public string Description { get; } = description;

    public bool Required { get; init; }
}
