using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Amqp;
using Amqp.Framing;
using Amqp.Listener;
using Amqp.Sasl;
using Amqp.Types;

namespace CspUpgrades.Testing.ServiceBus;

/// <summary>
/// A Service Bus namespace with one topic, on 127.0.0.1 and a free port, for the unchanged <c>ServiceBusClient</c>: point it
/// at <see cref="ConnectionString"/> (the development emulator's form: plain AMQP, no TLS). It speaks what publishing needs:
/// SASL (<c>MSSBCBS</c>, the SDK's claims-based mechanism), the claims-based-security <c>put-token</c> on <c>$cbs</c> (answered
/// <c>status-code</c> 202 as the service does, when the token's signature verifies), the topic's sender link (advertising <see cref="MaxMessageSize"/>, from
/// which the SDK sizes its batches), and transfers of single or batched messages (format <c>0x80013700</c>), recorded in
/// <see cref="Published"/> once accepted. <see cref="PlanTransfers"/> makes the next transfers fail: refused, the connection
/// closed by the broker, or the TCP connection reset under it.
/// Not proven here: TLS, Entra ID tokens, duplicate detection, sessions and subscriptions' filters — a real namespace's.
/// </summary>
public sealed class TestServiceBusBroker : IDisposable
{
    /// <summary>The largest message a Standard namespace accepts (256 KiB): the default this broker advertises.</summary>
    public const long StandardMaxMessageSize = 256 * 1024;

    /// <summary>The key the broker's namespace has: tokens signed with another are refused (401), as the service refuses them.</summary>
    public const string SharedAccessKeyName = "RootManageSharedAccessKey";

    public const string SharedAccessKey = "dGVzdC1icm9rZXIta2V5";

    private const string CbsAddress = "$cbs";

    private readonly ContainerHost _host;
    private readonly LoopbackProxy _proxy;
    private readonly ConcurrentQueue<TransferFault> _plan = new();
    private readonly ConcurrentQueue<ReceivedMessage> _published = new();
    private readonly ConcurrentQueue<string> _tokenAudiences = new();
    private int _transfers = -1;
    private int _senderLinks;

    private TestServiceBusBroker(string topicName, long maxMessageSize)
    {
        TopicName = topicName;
        MaxMessageSize = maxMessageSize;
        var listenerPort = FreeLoopbackPort();
        _host = new ContainerHost(new Address($"amqp://127.0.0.1:{listenerPort}"));
        _host.Listeners[0].SASL.EnableMechanism((Symbol)"MSSBCBS", SaslProfile.Anonymous);
        _host.Listeners[0].SASL.EnableAnonymousMechanism = true;
        _host.RegisterRequestProcessor(CbsAddress, new CbsProcessor(this));
        _host.RegisterLinkProcessor(new TopicLinkProcessor(this));
        _host.Open();
        _proxy = new LoopbackProxy(listenerPort);
    }

    public string TopicName { get; }

    public long MaxMessageSize { get; }

    /// <summary>Where clients connect: a relay in front of the AMQP listener, which <see cref="TransferFault.DropConnection"/> cuts.</summary>
    public int Port => _proxy.Port;

    /// <summary>The development emulator's form of connection string (plain AMQP, the port honoured) with the broker's key.</summary>
    public string ConnectionString => ConnectionStringWithKey(SharedAccessKey);

    public string ConnectionStringWithKey(string key) =>
        $"Endpoint=sb://127.0.0.1:{Port};SharedAccessKeyName={SharedAccessKeyName};SharedAccessKey={key};UseDevelopmentEmulator=true";

    /// <summary>Every message of every accepted transfer, in the order the transfers arrived.</summary>
    public IReadOnlyList<ReceivedMessage> Published => [.. _published];

    /// <summary>The audience of every valid token put on <c>$cbs</c> (one per connection and entity the client authorised).</summary>
    public IReadOnlyList<string> TokenAudiences => [.. _tokenAudiences];

    /// <summary>How many sender links were attached to the topic (a reconnection attaches again).</summary>
    public int SenderLinks => Volatile.Read(ref _senderLinks);

    /// <summary>How many transfers arrived, accepted or not.</summary>
    public int Transfers => Volatile.Read(ref _transfers) + 1;

    public static TestServiceBusBroker Start(string topicName = "partner-events", long maxMessageSize = StandardMaxMessageSize) =>
        new(topicName, maxMessageSize);

    /// <summary>What the broker does with the next transfers, one entry each; after them it accepts again.</summary>
    public void PlanTransfers(params TransferFault[] faults)
    {
        ArgumentNullException.ThrowIfNull(faults);
        foreach (var fault in faults)
        {
            _plan.Enqueue(fault);
        }
    }

    public void Dispose()
    {
        _proxy.Dispose();
        _host.Close();
    }

    private void OnTransfer(MessageContext context)
    {
        var transfer = Interlocked.Increment(ref _transfers);
        var fault = _plan.TryDequeue(out var planned) ? planned : TransferFault.None;
        switch (fault)
        {
            case TransferFault.Refuse:
                context.Complete(new Error(ErrorCode.InternalError) { Description = "Refused by the test broker's plan." });
                break;
            case TransferFault.CloseConnection:
                // Unsettled, the transfer's outcome never reaches the sender: the connection ends under it.
                context.Link.Session.Connection.Close(TimeSpan.Zero, new Error(ErrorCode.ConnectionForced) { Description = "Closed by the test broker's plan." });
                break;
            case TransferFault.DropConnection:
                _proxy.ResetAll();
                break;
            default:
                foreach (var message in ReceivedMessage.FromTransfer(transfer, context.Message))
                {
                    _published.Enqueue(message);
                }

                context.Complete();
                break;
        }
    }

    private static int FreeLoopbackPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    /// <summary>
    /// Claims-based security: a <c>put-token</c> whose shared access signature the broker's key verifies is answered
    /// <c>status-code</c> 202 (the code the service answers; the client accepts 200 or 202), any other 401 or 400.
    /// </summary>
    private sealed class CbsProcessor(TestServiceBusBroker broker) : IRequestProcessor
    {
        public int Credit => 100;

        public void Process(RequestContext requestContext)
        {
            var request = requestContext.Message.ApplicationProperties?.Map;
            var (status, description) = request is null || !Equals(request["operation"], "put-token")
                ? (400, "Only put-token is supported.")
                : !SharedAccessSignature.IsValid(requestContext.Message.Body as string, SharedAccessKeyName, SharedAccessKey, DateTimeOffset.UtcNow)
                    ? (401, "The token's signature, key name or expiry is not valid.")
                    : (202, "Accepted");
            if (status == 202)
            {
                broker._tokenAudiences.Enqueue((string)request!["name"]);
            }

            requestContext.Complete(new Message
            {
                ApplicationProperties = new ApplicationProperties { ["status-code"] = status, ["status-description"] = description },
            });
        }
    }

    /// <summary>Attaches the sender's link to the topic (its target is the topic's path) with the broker's largest message size.</summary>
    private sealed class TopicLinkProcessor(TestServiceBusBroker broker) : ILinkProcessor
    {
        public void Process(AttachContext attachContext)
        {
            var attach = attachContext.Attach;
            var address = (attach.Target as Target)?.Address?.TrimStart('/');
            if (attach.Role || !string.Equals(address, broker.TopicName, StringComparison.OrdinalIgnoreCase))
            {
                attachContext.Complete(new Error(ErrorCode.NotFound) { Description = $"The test broker has only topic '{broker.TopicName}' to send to; got '{address}'." });
                return;
            }

            // The attach the broker answers with is the sender's own, echoed: the size limit is the broker's.
            attach.MaxMessageSize = (ulong)broker.MaxMessageSize;
            Interlocked.Increment(ref broker._senderLinks);
            attachContext.Complete(new TopicLinkEndpoint(broker), 100);
        }
    }

    private sealed class TopicLinkEndpoint(TestServiceBusBroker broker) : LinkEndpoint
    {
        public override void OnMessage(MessageContext messageContext) => broker.OnTransfer(messageContext);

        public override void OnFlow(FlowContext flowContext)
        {
        }

        public override void OnDisposition(DispositionContext dispositionContext)
        {
        }
    }
}
