namespace CspUpgrades.Functions.Settings;

/// <summary>
/// Section <c>Events:ServiceBus</c> (app settings <c>Events__ServiceBus__…</c>): the topic committed events are published to,
/// and how to reach its namespace. Off until <see cref="TopicName"/> and a connection (<see cref="ConnectionString"/> or
/// <see cref="FullyQualifiedNamespace"/>) are set; then <c>PartnerEventPublishing</c> registers the Service Bus publisher.
/// Identity settings mirror the storage account's (<c>AzureWebJobsStorage__credential</c>/<c>__clientId</c>).
/// </summary>
public sealed class ServiceBusEventOptions
{
    public const string Section = "Events:ServiceBus";

    /// <summary>The value of <see cref="Credential"/> that selects a managed identity (as for the storage account).</summary>
    public const string ManagedIdentityCredential = "managedidentity";

    /// <summary>The topic every event is sent to (the template creates it with duplicate detection on).</summary>
    public string? TopicName { get; set; }

    /// <summary>A shared-access connection string (<c>Endpoint=sb://…;SharedAccessKeyName=…;SharedAccessKey=…</c>); wins over
    /// <see cref="FullyQualifiedNamespace"/>. Not in Azure, where the namespace refuses local (key) authentication.</summary>
    public string? ConnectionString { get; set; }

    /// <summary><c>{namespace}.servicebus.windows.net</c>: authenticated with an Entra ID identity (see <see cref="Credential"/>).</summary>
    public string? FullyQualifiedNamespace { get; set; }

    /// <summary><c>managedidentity</c> in Azure; unset on an operator's machine, where <c>DefaultAzureCredential</c> (az login) is used.</summary>
    public string? Credential { get; set; }

    /// <summary>The client id of the user-assigned managed identity (with <see cref="Credential"/> = <c>managedidentity</c>);
    /// empty selects the system-assigned identity.</summary>
    public string? ClientId { get; set; }

    /// <summary>True when a topic and a way to reach its namespace are set.</summary>
    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(TopicName)
        && (!string.IsNullOrWhiteSpace(ConnectionString) || !string.IsNullOrWhiteSpace(FullyQualifiedNamespace));
}
