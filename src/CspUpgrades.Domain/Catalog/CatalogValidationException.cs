namespace CspUpgrades.Domain.Catalog;

/// <summary>The catalog data is invalid; the message names the offer and the field at fault.</summary>
public sealed class CatalogValidationException : Exception
{
    /// <summary>Used as <see cref="Offer"/> when the problem is with the document rather than one offer.</summary>
    public const string WholeCatalog = "(catalog)";

    public CatalogValidationException()
    {
    }

    public CatalogValidationException(string message) : base(message)
    {
    }

    public CatalogValidationException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public CatalogValidationException(string offer, string field, string problem, Exception? innerException = null)
        : base($"Offer catalog is invalid: offer '{offer}', field '{field}': {problem}", innerException)
    {
        Offer = offer;
        Field = field;
    }

    /// <summary>The offer's id, or "#n" (1-based position) when it has no usable id.</summary>
    public string Offer { get; } = WholeCatalog;

    public string Field { get; } = string.Empty;
}
