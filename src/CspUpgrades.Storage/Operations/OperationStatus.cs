using System.Text.Json.Serialization;

namespace CspUpgrades.Storage.Operations;

/// <summary>Where an upgrade operation is: queued → running → succeeded | failed.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OperationStatus>))]
public enum OperationStatus
{
    [JsonStringEnumMemberName("queued")]
    Queued,

    /// <summary>Not stored: an operation is running while it holds its source subscription's claim.</summary>
    [JsonStringEnumMemberName("running")]
    Running,

    [JsonStringEnumMemberName("succeeded")]
    Succeeded,

    [JsonStringEnumMemberName("failed")]
    Failed,
}
