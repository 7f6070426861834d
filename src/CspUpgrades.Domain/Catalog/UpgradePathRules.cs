namespace CspUpgrades.Domain.Catalog;

/// <summary>Rules about which offer may be an upgrade target of which, shared by catalog validation and eligibility.</summary>
public static class UpgradePathRules
{
    /// <summary>
    /// The India rule (DESIGN §1, footnote 1) read both ways: Business-family plans are sold per region,
    /// so India editions move to Business Premium India and never to the global Business Premium, and
    /// global editions never to Business Premium India. Enterprise offers are open to every region.
    /// </summary>
    public static bool CrossesRegion(Offer source, Offer target)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        return target.Family == OfferFamily.Business && target.Region != source.Region;
    }
}
