using System.Text.Json;
using CspUpgrades.Domain.Billing;
using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Domain.Catalog;

/// <summary>
/// Reads <c>offers.json</c> and refuses anything an operator could get wrong, naming the offer
/// and the field: a catalog that loads is one the rules can trust.
/// </summary>
internal static class CatalogReader
{
    private static readonly string[] Fields = ["id", "displayName", "aliases", "family", "region", "services", "upgradeTargets", "listPrices"];

    private static readonly JsonDocumentOptions Options = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    public static IReadOnlyList<Offer> Read(string json)
    {
        // Stryker disable once Statement : equivalent — JsonDocument.Parse refuses a null json with the same ArgumentNullException for "json"
        ArgumentNullException.ThrowIfNull(json);
        using var document = Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("offers", out var offersElement)
            || offersElement.ValueKind != JsonValueKind.Array)
        {
            throw new CatalogValidationException(CatalogValidationException.WholeCatalog, "offers", "the document must be an object with an \"offers\" array.");
        }

        var offers = offersElement.EnumerateArray().Select(ReadOffer).ToList();
        if (offers.Count == 0)
        {
            throw new CatalogValidationException(CatalogValidationException.WholeCatalog, "offers", "the catalog has no offers.");
        }

        CheckUniqueIds(offers);
        CheckUniqueNames(offers);
        CheckTargets(offers);
        return offers;
    }

    private static JsonDocument Parse(string json)
    {
        try
        {
            return JsonDocument.Parse(json, Options);
        }
        catch (JsonException e)
        {
            throw new CatalogValidationException(CatalogValidationException.WholeCatalog, "(document)", $"not valid JSON: {e.Message}", e);
        }
    }

    private static Offer ReadOffer(JsonElement element, int index)
    {
        var label = $"#{index + 1}";
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new CatalogValidationException(label, "(offer)", "each offer must be a JSON object.");
        }

        if (element.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String && IsKebabCase(idElement.GetString()))
        {
            label = idElement.GetString()!;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (!Fields.Contains(property.Name, StringComparer.Ordinal))
            {
                throw new CatalogValidationException(label, property.Name, $"unknown field; the known fields are {string.Join(", ", Fields)}.");
            }
        }

        var id = RequiredString(element, label, "id");
        if (!IsKebabCase(id))
        {
            throw new CatalogValidationException(label, "id", $"'{id}' is not a lower-case kebab-case id of at most {IdRules.MaxLength} characters (e.g. o365-business-premium).");
        }

        return new Offer
        {
            Id = new OfferId(id),
            DisplayName = RequiredString(element, label, "displayName"),
            Aliases = StringArray(element, label, "aliases", required: false),
            Family = RequiredEnum<OfferFamily>(element, label, "family"),
            Region = RequiredEnum<Region>(element, label, "region"),
            Services = Services(element, label),
            UpgradeTargets = Targets(element, label),
            ListPrices = ListPrices(element, label),
        };
    }

    // "listPrices": {"USD": "12.50"}: one license for one month, exact to the currency's digits.
    private static Dictionary<CurrencyCode, Money> ListPrices(JsonElement element, string label)
    {
        var prices = new Dictionary<CurrencyCode, Money>();
        if (!element.TryGetProperty("listPrices", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return prices;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new CatalogValidationException(label, "listPrices", "must be an object of currency code to monthly price, e.g. {\"USD\": \"12.50\"}.");
        }

        foreach (var price in value.EnumerateObject())
        {
            var text = price.Value.ValueKind == JsonValueKind.String ? price.Value.GetString() : null;
            Money money;
            try
            {
                money = Money.Parse($"{text} {price.Name}");
            }
            catch (Exception e) when (e is FormatException or OverflowException)
            {
                throw new CatalogValidationException(label, "listPrices", $"'{price.Name}': {e.Message}", e);
            }

            if (money.MinorUnits < 0)
            {
                throw new CatalogValidationException(label, "listPrices", $"'{price.Name}' must not be negative.");
            }

            // Annual subscriptions are priced at 12 × the monthly price, which must stay within the accepted maximum.
            if (money.MinorUnits > BillingLimits.MaxUnitPriceMinor(money.Currency) / 12)
            {
                throw new CatalogValidationException(label, "listPrices",
                    $"'{price.Name}' × 12 (the annual price) is over the maximum unit price of {BillingLimits.MaxUnitPriceMajor:N0} {price.Name}.");
            }

            prices[money.Currency] = money;
        }

        return prices;
    }

    private static List<ServiceKind> Services(JsonElement element, string label)
    {
        // Stryker disable once Boolean : equivalent but for the wording — without required, missing services are refused just below as none, for the same offer and field
        var names = StringArray(element, label, "services", required: true);
        if (names.Count == 0)
        {
            throw new CatalogValidationException(label, "services", "an offer must include at least one service.");
        }

        var services = names.Select(name => ParseEnum<ServiceKind>(name)
            ?? throw new CatalogValidationException(label, "services", $"unknown service '{name}'; known services are {string.Join(", ", Enum.GetNames<ServiceKind>())}.")).ToList();
        var repeated = services.GroupBy(s => s).FirstOrDefault(g => g.Count() > 1);
        return repeated is null
            ? services
            : throw new CatalogValidationException(label, "services", $"lists '{repeated.Key}' more than once.");
    }

    private static List<OfferId> Targets(JsonElement element, string label) =>
        StringArray(element, label, "upgradeTargets", required: false)
            .Select(target => IsKebabCase(target)
                ? new OfferId(target)
                : throw new CatalogValidationException(label, "upgradeTargets", $"'{target}' is not a valid offer id."))
            .ToList();

    private static void CheckUniqueIds(List<Offer> offers)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var offer in offers)
        {
            if (!seen.Add(offer.Id.Value))
            {
                throw new CatalogValidationException(offer.Id.Value, "id", "another offer already has this id.");
            }
        }
    }

    private static void CheckUniqueNames(List<Offer> offers)
    {
        var owners = new Dictionary<string, OfferId>(StringComparer.OrdinalIgnoreCase);
        foreach (var offer in offers)
        {
            foreach (var (name, field) in offer.Aliases.Select(alias => (alias, "aliases")).Prepend((offer.DisplayName, "displayName")))
            {
                if (!owners.TryAdd(name.Trim(), offer.Id))
                {
                    var owner = owners[name.Trim()];
                    // Stryker disable once String : wording — tests assert which offer the message names; "this offer" is for the operator's eyes
                    var where = owner == offer.Id ? "this offer" : $"offer '{owner}'";
                    throw new CatalogValidationException(offer.Id.Value, field, $"'{name}' is already a name of {where}; names and aliases must be unique (ignoring case).");
                }
            }
        }
    }

    private static void CheckTargets(List<Offer> offers)
    {
        var byId = offers.ToDictionary(offer => offer.Id);
        foreach (var offer in offers)
        {
            foreach (var targetId in offer.UpgradeTargets)
            {
                var problem = TargetProblem(offer, targetId, byId);
                if (problem is not null)
                {
                    throw new CatalogValidationException(offer.Id.Value, "upgradeTargets", problem);
                }
            }
        }
    }

    private static string? TargetProblem(Offer offer, OfferId targetId, Dictionary<OfferId, Offer> byId)
    {
        if (targetId == offer.Id)
        {
            return "an offer cannot be its own upgrade target.";
        }

        if (offer.UpgradeTargets.Count(t => t == targetId) > 1)
        {
            return $"lists '{targetId}' more than once.";
        }

        if (!byId.TryGetValue(targetId, out var target))
        {
            return $"'{targetId}' is not an offer in the catalog.";
        }

        return UpgradePathRules.CrossesRegion(offer, target)
            ? $"'{targetId}' is a Business-family offer for region {target.Region}; a {offer.Region} offer may only move to Business-family offers of its own region."
            : null;
    }

    private static string RequiredString(JsonElement element, string label, string field)
    {
        // Stryker disable once Logical,Statement : equivalent but for the wording — a missing or null field is then refused as "must be a non-empty string", for the same offer and field
        if (!element.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            throw new CatalogValidationException(label, field, "is missing.");
        }

        var text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        return string.IsNullOrWhiteSpace(text)
            ? throw new CatalogValidationException(label, field, "must be a non-empty string.")
            : text.Trim();
    }

    private static List<string> StringArray(JsonElement element, string label, string field, bool required)
    {
        if (!element.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            // Stryker disable once Conditional : equivalent but for the wording — the one required array (services) is refused as empty right after, for the same offer and field
            return required ? throw new CatalogValidationException(label, field, "is missing.") : [];
        }

        if (value.ValueKind != JsonValueKind.Array
            || value.EnumerateArray().Any(item => item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString())))
        {
            throw new CatalogValidationException(label, field, "must be an array of non-empty strings.");
        }

        return value.EnumerateArray().Select(item => item.GetString()!.Trim()).ToList();
    }

    private static T RequiredEnum<T>(JsonElement element, string label, string field) where T : struct, Enum
    {
        var text = RequiredString(element, label, field);
        return ParseEnum<T>(text)
            ?? throw new CatalogValidationException(label, field, $"'{text}' is not one of {string.Join(", ", Enum.GetNames<T>())}.");
    }

    // By name only: Enum.TryParse would also accept numbers such as "7".
    private static T? ParseEnum<T>(string text) where T : struct, Enum =>
        Enum.GetNames<T>().FirstOrDefault(name => name.Equals(text, StringComparison.OrdinalIgnoreCase)) is { } name
            ? Enum.Parse<T>(name)
            : null;

    private static bool IsKebabCase(string? id) =>
        IdRules.IsValid(id)
        && id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
        && !id.StartsWith('-') && !id.EndsWith('-') && !id.Contains("--", StringComparison.Ordinal);
}
