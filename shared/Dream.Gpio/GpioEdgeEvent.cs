namespace Dream.Gpio;

/// <summary>
/// One edge the kernel saw: its CLOCK_MONOTONIC timestamp (ns), the line offset, and the kernel's sequence
/// numbers (over the request and per line) whose gaps reveal events lost to a full kernel buffer.
/// </summary>
public readonly record struct GpioEdgeEvent(ulong TimestampNs, GpioEdge Edge, uint Offset, uint Sequence, uint LineSequence);
