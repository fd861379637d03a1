using Dream.Ledger.State;
using Dream.Transparency.Checkpoints;

namespace Dream.Ledger.Audit;

/// <summary>What an audit found: the problems (none means the ledger checks out) and a summary.</summary>
public sealed class AuditReport
{
    public List<string> Problems { get; } = [];

    public List<string> Notes { get; } = [];

    public long Entries { get; set; }

    public long Withheld { get; set; }

    public int CheckpointsVerified { get; set; }

    public Checkpoint? Latest { get; set; }

    public string? LatestNote { get; set; }

    public LedgerState? State { get; set; }

    public bool Ok => Problems.Count == 0;
}
