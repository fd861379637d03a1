namespace Dream.Edge.Publishing;

/// <summary>Why readings are published.</summary>
public enum PublishKind
{
    /// <summary>New readings from the send cursor (a backlog drains this way too).</summary>
    Forward,

    /// <summary>Readings a receipt named missing, sent again at once.</summary>
    Missing,

    /// <summary>The paced resend after a receipt timeout or a reconnect.</summary>
    Paced,
}
