namespace CspUpgrades.Testing.App.Entra;

/// <summary>What a test token says; by default a valid app-only token of <see cref="Tenant"/> for <see cref="Audience"/>.</summary>
public sealed record TokenRequest(Guid Tenant, string Audience)
{
    public string[]? Roles { get; init; }

    /// <summary>The delegated scopes, space-separated as <c>scp</c> carries them.</summary>
    public string? Scopes { get; init; }

    /// <summary>Another tenant's issuer (with this <see cref="Tenant"/> as <c>tid</c>).</summary>
    public Guid? IssuerTenant { get; init; }

    /// <summary>An issuer of its own (a v1.0 one, an unknown authority).</summary>
    public string? Issuer { get; init; }

    public TimeSpan NotBeforeOffset { get; init; } = TimeSpan.FromMinutes(-1);

    public TimeSpan Lifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>No <c>exp</c> claim.</summary>
    public bool NoExpiry { get; init; }

    /// <summary><c>alg: none</c>.</summary>
    public bool AlgNone { get; init; }
}
