namespace Dream.Ledger;

/// <summary>
/// Bounds of the quarantine (the refused input kept as evidence). Every refusal is counted per source (the
/// reading's device, else the topic it came on) and reason; its body is kept only while that pair's bytes and
/// the quarantine's total stay within these budgets. See docs/ledger.md.
/// </summary>
public sealed class QuarantineOptions
{
    /// <summary>Bytes of bodies kept per (source, reason); beyond it refusals are counted, not kept.</summary>
    public long BytesPerSourceReason { get; set; } = 256 * 1024;

    /// <summary>Bytes of bodies kept in all.</summary>
    public long MaxBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Distinct sources counted one by one; further ones are counted together as <c>*</c>.</summary>
    public int MaxSources { get; set; } = 10_000;
}
