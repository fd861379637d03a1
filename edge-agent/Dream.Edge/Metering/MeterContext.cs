using Dream.Edge.Outbox;

namespace Dream.Edge.Metering;

/// <summary>What a meter may need from the agent: its clock and durable state (S0 keeps its pulse count there).</summary>
public sealed record MeterContext(TimeProvider TimeProvider, OutboxStore Store);
