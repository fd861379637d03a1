namespace Dream.Ledger.State;

/// <summary>The names of <see cref="RejectReason"/> in the API, the quarantine table and the metrics.</summary>
public static class RejectReasons
{
    public static string Name(RejectReason reason) => reason switch
    {
        RejectReason.Malformed => "malformed",
        RejectReason.Oversize => "oversize",
        RejectReason.BadSignature => "bad_signature",
        RejectReason.TopicMismatch => "topic_mismatch",
        RejectReason.UnknownDevice => "unknown_device",
        RejectReason.RevokedDevice => "revoked_device",
        RejectReason.PassportMismatch => "passport_mismatch",
        RejectReason.ConflictingDuplicate => "conflicting_duplicate",
        RejectReason.BrokenChain => "broken_chain",
        RejectReason.RegisterWentBack => "register_went_back",
        RejectReason.IntervalOutOfOrder => "interval_out_of_order",
        RejectReason.FutureInterval => "future_interval",
        RejectReason.DeltaMismatch => "delta_mismatch",
        RejectReason.ImplausibleEnergy => "implausible_energy",
        RejectReason.Internal => "internal",
        _ => throw new ArgumentOutOfRangeException(nameof(reason)),
    };
}
