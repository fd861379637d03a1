namespace Dream.Witness;

/// <summary>The HTTP answer to one add-checkpoint request, as C2SP tlog-witness prescribes it.</summary>
public sealed record WitnessReply(int Status, string ContentType, string Body)
{
    public const string TextPlain = "text/plain; charset=utf-8";

    /// <summary>The Content-Type of a 409 that states the witness's size.</summary>
    public const string TreeSize = "text/x.tlog.size";

    public static WitnessReply Error(int status, string reason) => new(status, TextPlain, reason + "\n");
}
