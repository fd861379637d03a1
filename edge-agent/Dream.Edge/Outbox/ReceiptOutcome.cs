namespace Dream.Edge.Outbox;

/// <summary>What applying a receipt did.</summary>
public enum ReceiptOutcome
{
    /// <summary>Readings up to the receipt's sequence number were deleted.</summary>
    Applied,

    /// <summary>The receipt covers nothing still in the outbox (an old or repeated receipt).</summary>
    Stale,

    /// <summary>The receipt's hash is not the hash of our reading with that sequence number: nothing deleted.</summary>
    HashMismatch,

    /// <summary>The receipt names a sequence number this device never issued: nothing deleted.</summary>
    FromTheFuture,
}
