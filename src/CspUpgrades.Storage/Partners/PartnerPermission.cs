namespace CspUpgrades.Storage.Partners;

/// <summary>
/// What a partner's credential (an API key's scope, a token's app role or delegated scope) lets it do. <see cref="Write"/>
/// includes <see cref="Read"/>: an ordering system that requests upgrades also checks eligibility and follows its operations.
/// </summary>
public enum PartnerPermission
{
    /// <summary>Every GET: eligibility, lists, subscriptions, operations, history, audits. Entra ID: <c>Upgrades.Read</c>.</summary>
    Read = 1,

    /// <summary>Also the requests that change something: RequestUpgrade, AddLicenses. Entra ID: <c>Upgrades.Write</c>.</summary>
    Write = 2,
}
