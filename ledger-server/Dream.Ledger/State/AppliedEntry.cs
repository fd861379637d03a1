using Dream.Ledger.Log;

namespace Dream.Ledger.State;

/// <summary>What an entry was, once applied: its kind and, for a reading, its device and sequence number.</summary>
public readonly record struct AppliedEntry(EntryKind Kind, string? Device, long Sequence);
