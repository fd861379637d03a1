namespace Dream.Edge.Transport;

/// <summary>Why the link to the ledger failed, in the agent's terms.</summary>
public enum TransportErrorKind
{
    /// <summary>The broker could not be reached (refused socket, timeout, TLS, DNS).</summary>
    Unreachable,

    /// <summary>The broker does not accept this device's credentials or does not let it do this.</summary>
    NotAuthorized,

    /// <summary>The broker answered and refused, for a reason other than authorization.</summary>
    Refused,

    /// <summary>An established link ended (the broker went away or closed it); the transport reconnects.</summary>
    Closed,

    /// <summary>A publish was lost with its session before the broker acknowledged it: send it again.</summary>
    NotAcknowledged,
}
