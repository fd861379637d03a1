namespace Dream.Demo.Report;

/// <summary>The auditor's <c>dream-ledger verify --url</c> run against the live ledger: the command, whether it passed, what it printed.</summary>
internal sealed record AuditReport
{
    public required string Command { get; init; }

    public required bool Verified { get; init; }

    public required string Output { get; init; }
}
