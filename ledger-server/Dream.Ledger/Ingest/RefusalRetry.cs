using Dream.Ledger.State;

namespace Dream.Ledger.Ingest;

/// <summary>
/// Whether the ledger may accept the very same signed reading later (a receipt's <c>retry</c>): the device's
/// passport is not approved yet, its clock ran ahead, or the ledger failed internally. Any other refusal
/// (including reasons added later) is about what the reading says, which its signature fixes for good.
/// </summary>
public static class RefusalRetry
{
    public static bool MayBeAcceptedLater(RejectReason reason) => reason is RejectReason.UnknownDevice or RejectReason.FutureInterval or RejectReason.Internal;
}
