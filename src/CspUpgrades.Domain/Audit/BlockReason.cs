using System.Text.Json.Serialization;

namespace CspUpgrades.Domain.Audit;

/// <summary>How a suspended subscription blocks an upgrade.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BlockReason>))]
public enum BlockReason
{
    /// <summary>It is the source: a suspended subscription cannot be upgraded (condition 1).</summary>
    [JsonStringEnumMemberName("suspended_subscription")]
    SuspendedSubscription,

    /// <summary>It is a copy of the target offer, so the customer still owns the target (condition 4).</summary>
    [JsonStringEnumMemberName("suspended_copy_of_target")]
    SuspendedCopyOfTarget,

    /// <summary>It still includes services the target adds, so licenses cannot move automatically (condition 3).</summary>
    [JsonStringEnumMemberName("suspended_conflicting_services")]
    SuspendedConflictingServices,
}
