using System.ComponentModel.DataAnnotations;

namespace CspUpgrades.Storage.Composition;

/// <summary>Section <c>Storage</c>. The account itself comes from <c>AzureWebJobsStorage</c>, as for the Functions host.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$", ErrorMessage = "Table names are 3-63 letters and digits, starting with a letter.")]
    public string TableName { get; set; } = "cspupgrades";
}
