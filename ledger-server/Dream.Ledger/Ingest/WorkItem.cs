namespace Dream.Ledger.Ingest;

/// <summary>What the committer processes, in arrival order.</summary>
internal abstract class WorkItem;
