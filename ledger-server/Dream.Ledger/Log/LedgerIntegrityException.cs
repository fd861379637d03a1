namespace Dream.Ledger.Log;

/// <summary>
/// The stored log is not the one the grid authority signed, or does not replay: the server refuses to start
/// on it (one line, exit 2) rather than serve it. <c>dream-ledger verify --data-dir</c> says what differs.
/// </summary>
public sealed class LedgerIntegrityException : Exception
{
    public LedgerIntegrityException()
    {
    }

    public LedgerIntegrityException(string message)
        : base(message)
    {
    }

    public LedgerIntegrityException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
