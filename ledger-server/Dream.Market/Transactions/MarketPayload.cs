namespace Dream.Market.Transactions;

/// <summary>
/// A market transaction's signed payload. Every payload names its <c>type</c> first and its time <c>at</c>
/// (Unix ms UTC, the signer's claim, checked against the ledger's clock on admission) last.
/// </summary>
public abstract record MarketPayload
{
    /// <summary>When the signer made the transaction: the "now" the rules use for it.</summary>
    public required long AtMs { get; init; }

    /// <summary>The versioned type name, e.g. <c>dream.market.bid/1</c>.</summary>
    public abstract string Type { get; }

    /// <summary>The canonical payload bytes (what is signed).</summary>
    public byte[] ToPayload() => CanonicalJson.Write(writer =>
    {
        writer.WriteString("type", Type);
        WriteFields(writer);
        writer.WriteNumber("at", AtMs);
    });

    private protected abstract void WriteFields(Utf8JsonWriter writer);
}
