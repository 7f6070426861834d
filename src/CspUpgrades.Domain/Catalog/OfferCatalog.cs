using System.Collections.Frozen;
using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Domain.Catalog;

/// <summary>
/// The offers and their upgrade paths, loaded from data (<c>Catalog/offers.json</c>, embedded) so an
/// operator can add offers without a code change. Immutable and thread-safe once loaded.
/// </summary>
public sealed class OfferCatalog
{
    public const string DefaultResourceName = "CspUpgrades.Domain.Catalog.offers.json";

    private readonly FrozenDictionary<string, Offer> _byId;
    private readonly FrozenDictionary<string, Offer> _byName;

    private OfferCatalog(IReadOnlyList<Offer> offers)
    {
        Offers = offers;
        _byId = offers.ToFrozenDictionary(offer => offer.Id.Value, StringComparer.OrdinalIgnoreCase);
        // Stryker disable once Linq : equivalent — the order names enter the dictionary in does not matter: the reader refused any name used twice
        _byName = offers
            .SelectMany(offer => offer.Aliases.Prepend(offer.DisplayName).Select(name => (name, offer)))
            .ToFrozenDictionary(entry => entry.name, entry => entry.offer, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Every offer, in the order of the data.</summary>
    public IReadOnlyList<Offer> Offers { get; }

    /// <summary>The catalog shipped with the service.</summary>
    public static OfferCatalog LoadDefault()
    {
        // Stryker disable once String : wording of a broken build (the project file embeds the resource); no test can remove it
        using var stream = typeof(OfferCatalog).Assembly.GetManifestResourceStream(DefaultResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {DefaultResourceName} is missing from the build.");
        return Load(stream);
    }

    /// <exception cref="CatalogValidationException">The data is invalid; the message names the offer and the field.</exception>
    public static OfferCatalog Load(Stream json)
    {
        using var reader = new StreamReader(json, leaveOpen: true);
        return Load(reader.ReadToEnd());
    }

    /// <exception cref="CatalogValidationException">The data is invalid; the message names the offer and the field.</exception>
    public static OfferCatalog Load(string json) => new(CatalogReader.Read(json));

    /// <summary>The offer with this id (ignoring case), or null.</summary>
    public Offer? Find(OfferId id) => id.Value is not null && _byId.TryGetValue(id.Value, out var offer) ? offer : null;

    /// <summary>The offer with this display name or alias (ignoring case and surrounding spaces), or null.</summary>
    public Offer? FindByName(string? name) =>
        name is not null && _byName.TryGetValue(name.Trim(), out var offer) ? offer : null;

    /// <summary>The offer with this id, display name or alias, or null: what a partner may type.</summary>
    public Offer? Resolve(string? idOrName) =>
        idOrName is not null && _byId.TryGetValue(idOrName.Trim(), out var offer) ? offer : FindByName(idOrName);

    /// <summary>The upgrade targets of <paramref name="source"/>, in catalog order.</summary>
    public IReadOnlyList<Offer> TargetsOf(Offer source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.UpgradeTargets.Select(id => _byId[id.Value]).ToList();
    }
}
