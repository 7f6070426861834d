namespace CspUpgrades.Functions.Settings;

/// <summary>
/// Section <c>Webhooks</c>: the signing secret (<c>whsec_</c> + base64) and, during rotation, the
/// previous one. Both are accepted until the previous one is removed.
/// </summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    public string? Secret { get; set; }

    public string? PreviousSecret { get; set; }

    /// <summary>Bodies larger than this are refused (413) before anything is parsed.</summary>
    public int MaxBodyBytes { get; set; } = 256 * 1024;

    public IReadOnlyList<string> Secrets => new[] { Secret, PreviousSecret }.OfType<string>().Where(s => s.Length > 0).ToList();
}
