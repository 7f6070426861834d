using System.Text;
using Amqp;
using Amqp.Framing;

namespace CspUpgrades.Testing.ServiceBus;

/// <summary>One message a sender published to the broker's topic, as it arrived on the wire.</summary>
/// <param name="Transfer">The number of the transfer (0, 1, …) that carried it: messages of one batch share it.</param>
/// <param name="ApplicationProperties">The application properties as AMQP decoded them (a timestamp is a UTC <see cref="DateTime"/>).</param>
/// <param name="Body">The concatenated data sections of the body.</param>
public sealed record ReceivedMessage(
    int Transfer,
    string? MessageId,
    string? SessionId,
    string? Subject,
    string? ContentType,
    IReadOnlyDictionary<string, object> ApplicationProperties,
    byte[] Body)
{
    /// <summary>The message format Service Bus gives a batch: one AMQP message whose data sections are each an encoded message.</summary>
    public const uint BatchFormat = 0x80013700;

    public string BodyText => Encoding.UTF8.GetString(Body);

    /// <summary>The messages a transfer carried: the batch's inner messages, or the message itself.</summary>
    internal static IReadOnlyList<ReceivedMessage> FromTransfer(int transfer, Message message) =>
        message.Format == BatchFormat
            ? DataSections(message).Select(data => From(transfer, Message.Decode(new ByteBuffer(data, 0, data.Length, data.Length)))).ToList()
            : [From(transfer, message)];

    private static ReceivedMessage From(int transfer, Message message)
    {
        var properties = new Dictionary<string, object>(StringComparer.Ordinal);
        if (message.ApplicationProperties is { } applicationProperties)
        {
            foreach (var (key, value) in applicationProperties.Map)
            {
                properties[key.ToString()!] = value;
            }
        }

        return new ReceivedMessage(
            transfer,
            message.Properties?.MessageId,
            message.Properties?.GroupId,
            message.Properties?.Subject,
            message.Properties?.ContentType,
            properties,
            DataSections(message).SelectMany(data => data).ToArray());
    }

    private static IEnumerable<byte[]> DataSections(Message message) => message.BodySection switch
    {
        Data data => [data.Binary],
        DataList list => Enumerable.Range(0, list.Count).Select(index => list[index].Binary),
        null => [],
        var other => throw new InvalidOperationException($"Service Bus sends data sections; got {other.GetType().Name}."),
    };
}
