namespace Dream.Ledger.State;

/// <summary>Why ingest refused a message or a reading; each lands in the quarantine and counts in the metrics.</summary>
public enum RejectReason
{
    Malformed,
    Oversize,
    BadSignature,
    TopicMismatch,
    UnknownDevice,
    RevokedDevice,
    PassportMismatch,
    ConflictingDuplicate,
    BrokenChain,
    RegisterWentBack,
    IntervalOutOfOrder,
    FutureInterval,

    /// <summary>A delta is not the rise of its register since the reading (or pairing) it is measured from.</summary>
    DeltaMismatch,

    /// <summary>More energy than the metering point's rating allows in the time since the reading (or pairing) it is measured from.</summary>
    ImplausibleEnergy,
    Internal,
}
