using System.Globalization;

namespace Dream.Ledger.Witnessing;

/// <summary>What the ledger knows of one witness's availability, for metrics and logs.</summary>
internal sealed class WitnessHealth
{
    private readonly Lock _lock = new();
    private long _cosignatures;
    private long _failures;
    private bool _up = true;
    private string? _lastError;

    public long Cosignatures
    {
        get
        {
            lock (_lock)
            {
                return _cosignatures;
            }
        }
    }

    public long Failures
    {
        get
        {
            lock (_lock)
            {
                return _failures;
            }
        }
    }

    public bool Up
    {
        get
        {
            lock (_lock)
            {
                return _up;
            }
        }
    }

    public string? LastError
    {
        get
        {
            lock (_lock)
            {
                return _lastError;
            }
        }
    }

    public void Succeeded()
    {
        lock (_lock)
        {
            _cosignatures++;
            _up = true;
            _lastError = null;
        }
    }

    public void Failed(DateTimeOffset at, string reason)
    {
        lock (_lock)
        {
            _failures++;
            _up = false;
            _lastError = string.Create(CultureInfo.InvariantCulture, $"{reason} (at {at:O})");
        }
    }
}
