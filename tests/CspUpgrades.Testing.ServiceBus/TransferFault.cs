namespace CspUpgrades.Testing.ServiceBus;

/// <summary>What the broker does with one incoming transfer (a message, or a batch of them), planned by the test.</summary>
public enum TransferFault
{
    /// <summary>Accepts it: its messages are published.</summary>
    None,

    /// <summary>Settles it as rejected (<c>amqp:internal-error</c>, which the SDK takes as transient): nothing in it is published.</summary>
    Refuse,

    /// <summary>Closes the connection (<c>amqp:connection:forced</c>, as the service does when it moves an entity) before
    /// settling it: nothing in it is published, and the sender must connect, authenticate and attach again.</summary>
    CloseConnection,

    /// <summary>Resets the TCP connection under it, as a network failure does: no close frame, no outcome, nothing published.</summary>
    DropConnection,
}
