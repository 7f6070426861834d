namespace CspUpgrades.Domain.Primitives;

/// <summary>Two amounts in different currencies met in one calculation: a bug or bad price data, never a rounding matter.</summary>
public sealed class CurrencyMismatchException : InvalidOperationException
{
    public CurrencyMismatchException()
    {
    }

    public CurrencyMismatchException(string message) : base(message)
    {
    }

    public CurrencyMismatchException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public CurrencyMismatchException(CurrencyCode expected, CurrencyCode actual)
        : base($"Cannot combine {actual} with {expected}: amounts in one calculation must share a currency.")
    {
    }
}
