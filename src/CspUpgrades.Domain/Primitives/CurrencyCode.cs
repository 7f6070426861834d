using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace CspUpgrades.Domain.Primitives;

/// <summary>
/// An ISO 4217 currency this service knows, with its minor-unit exponent (digits after the
/// decimal point): 0 for JPY and KRW, 3 for BHD, JOD, KWD, OMR and TND, 2 for the others.
/// Unknown codes are refused rather than guessed, because a wrong exponent scales money by 10×.
/// </summary>
[JsonConverter(typeof(StringIdJsonConverter<CurrencyCode>))]
public readonly record struct CurrencyCode : IStringId<CurrencyCode>
{
    private static readonly FrozenDictionary<string, int> Exponents = new Dictionary<string, int>
    {
        ["AUD"] = 2, ["BRL"] = 2, ["CAD"] = 2, ["CHF"] = 2, ["CNY"] = 2, ["DKK"] = 2, ["EUR"] = 2,
        ["GBP"] = 2, ["HKD"] = 2, ["INR"] = 2, ["MXN"] = 2, ["NOK"] = 2, ["NZD"] = 2, ["PLN"] = 2,
        ["SEK"] = 2, ["SGD"] = 2, ["USD"] = 2, ["ZAR"] = 2,
        ["JPY"] = 0, ["KRW"] = 0,
        ["BHD"] = 3, ["JOD"] = 3, ["KWD"] = 3, ["OMR"] = 3, ["TND"] = 3,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static CurrencyCode Usd { get; } = new("USD");
    public static CurrencyCode Eur { get; } = new("EUR");
    public static CurrencyCode Inr { get; } = new("INR");
    public static CurrencyCode Jpy { get; } = new("JPY");
    public static CurrencyCode Bhd { get; } = new("BHD");

    /// <exception cref="ArgumentException">Not a currency code this service knows.</exception>
    public CurrencyCode(string code)
    {
        if (!IsKnown(code))
        {
            throw new ArgumentException($"Unknown ISO 4217 currency code '{code}'.", nameof(code));
        }

        Code = code;
    }

    /// <summary>Upper-case ISO 4217 code, e.g. <c>USD</c>.</summary>
    public string Code { get; }

    /// <summary>Digits after the decimal point: one major unit is 10^Exponent minor units.</summary>
    public int Exponent => Exponents[Code];

    string IStringId<CurrencyCode>.Value => Code;

    public static IReadOnlyCollection<string> KnownCodes => Exponents.Keys;

    public static bool TryParse([NotNullWhen(true)] string? value, out CurrencyCode currency)
    {
        if (IsKnown(value))
        {
            currency = new CurrencyCode(value);
            return true;
        }

        currency = default;
        return false;
    }

    public override string ToString() => Code ?? string.Empty;

    private static bool IsKnown([NotNullWhen(true)] string? code) => code is not null && Exponents.ContainsKey(code);
}
