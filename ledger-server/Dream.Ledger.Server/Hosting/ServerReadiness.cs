using System.Globalization;

namespace Dream.Ledger.Server.Hosting;

/// <summary>What <c>GET /readyz</c> answers: ready, or every reason the ledger is not.</summary>
public static class ServerReadiness
{
    /// <summary>Why the server is not ready (empty: ready).</summary>
    public static IReadOnlyList<string> Reasons(LedgerServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var reasons = new List<string>();
        if (server.Stopping)
        {
            reasons.Add("stopping");
        }

        if (server.Mqtt is not { } mqtt)
        {
            reasons.Add("mqtt down");
        }
        else if (mqtt.Brokers.Count == 1)
        {
            if (!mqtt.AllConnected)
            {
                reasons.Add("mqtt down");
            }
        }
        else
        {
            reasons.AddRange(mqtt.Disconnected.Select(name => $"mqtt down: {name}"));
        }

        if (server.Checkpoints.Latest is null)
        {
            reasons.Add("no checkpoint signed yet");
        }

        if (server.Engine.StoreFault is { } fault)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture,
                $"store {fault.Cause} since {fault.Since:O}: {fault.FailedAttempts} failed commits, ingest paused, next attempt in {fault.RetryIn.TotalSeconds:0.#} s: {fault.Message}"));
        }

        if (server.Checkpoints.Failure is { } failure)
        {
            reasons.Add($"checkpoint not saved ({failure.Cause}): {failure.Message}");
        }

        return reasons;
    }
}
