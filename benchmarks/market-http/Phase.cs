using System.Collections.Concurrent;

/// <summary>One timed phase: accepted transactions per second, process CPU per transaction, and what was refused (error text → count).</summary>
internal sealed record Phase(double Rate, double CpuMicrosPerTx, ConcurrentDictionary<string, int> Refused);
