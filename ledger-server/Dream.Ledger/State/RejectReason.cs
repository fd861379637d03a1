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
    Internal,
}
