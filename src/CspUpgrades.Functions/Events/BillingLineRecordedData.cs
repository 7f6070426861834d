using CspUpgrades.Functions.Http;

namespace CspUpgrades.Functions.Events;

/// <summary>The data of <c>billing.line_recorded.v1</c>: one credit or charge, as the operation or license answer lists it, and what recorded it.</summary>
/// <param name="OperationId">The upgrade or license addition that recorded the line.</param>
public sealed record BillingLineRecordedData(string CustomerId, string OperationId, BillingLineResponse Line);
