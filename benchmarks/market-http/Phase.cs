using System.Collections.Concurrent;

/// <summary>One timed phase: accepted transactions per second, and what was refused (error text → count).</summary>
internal sealed record Phase(double Rate, ConcurrentDictionary<string, int> Refused);
