using System.Text.Json.Serialization;

namespace CspUpgrades.Domain.Catalog;

/// <summary>The market an edition is sold in. India editions have their own Business Premium.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Region>))]
public enum Region
{
    Global,
    India,
}
