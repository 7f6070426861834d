using System.Text.Json.Serialization;

namespace CspUpgrades.Domain.Catalog;

/// <summary>Business plans share the 300-seat cap per customer; Enterprise plans have none.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OfferFamily>))]
public enum OfferFamily
{
    Business,
    Enterprise,
}
