using Dream.Edge.Configuration;
using Dream.Edge.Intervals;
using Dream.Edge.Metering;
using Dream.Edge.Outbox;

namespace Dream.Edge.Service;

/// <summary>
/// Where a <see cref="MeterLoop"/> puts what it measured: the port the loop owns, so that it knows nothing of
/// signing, the outbox's alarms, the publisher or the agent around it.
/// </summary>
internal interface IIntervalSink
{
    /// <summary>The register values the meter's next interval starts from, when one was stored.</summary>
    RegisterBaseline? Baseline(string meterId);

    /// <summary>The meter's first boundary; a failure to keep it is reported, not thrown (the first reading carries it too).</summary>
    void FirstBaseline(string meterId, RegisterBaseline baseline);

    /// <summary>Signs and stores a closed interval; throws <see cref="OutboxFullException"/> or <see cref="OutboxWriteException"/> (both already alarmed).</summary>
    StoredReading Accept(MeterOptions meter, ClosedInterval closed);

    /// <summary>Changes the meter's status under the status lock.</summary>
    void Report(MeterStatus status, Action<MeterStatus> change);

    /// <summary>A trustworthy sample was read.</summary>
    void Sampled(string meterId, long timeMs, MeterSample sample);

    /// <summary>A sampling tick finished, with the reading it stored if it closed one.</summary>
    void Ticked(string meterId, long timeMs, StoredReading? stored);
}
