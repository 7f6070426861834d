namespace CspUpgrades.Functions.Http;

/// <summary>The seats one license request may add (AddLicenses, and its preview), and the refusal naming the field.</summary>
public static class SeatsPerRequest
{
    public const int Max = 10_000;

    public static bool IsValid(int quantity) => quantity is >= 1 and <= Max;

    public static IResult Refusal(string field) => Problems.Validation(field, $"'{field}' must be a whole number from 1 to {Max}.");
}
