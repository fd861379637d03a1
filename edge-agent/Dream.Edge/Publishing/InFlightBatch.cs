using Dream.Mqtt;

namespace Dream.Edge.Publishing;

/// <summary>A batch of readings awaiting its PUBACK: from the cursor (<see cref="Forward"/>) or a resend.</summary>
internal sealed record InFlightBatch(Task<MqttPublishResult> Publish, long First, long Last, long Remaining, bool Forward);
