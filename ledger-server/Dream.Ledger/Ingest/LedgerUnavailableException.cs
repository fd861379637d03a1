namespace Dream.Ledger.Ingest;

/// <summary>
/// The ledger cannot take a transaction now (its store is failing, or it is stopping), and nothing of it
/// was logged; the caller may try again later (HTTP 503).
/// </summary>
public sealed class LedgerUnavailableException : IOException
{
    public LedgerUnavailableException()
        : base("The ledger cannot take transactions now.")
    {
    }

    public LedgerUnavailableException(string message)
        : base(message)
    {
    }

    public LedgerUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
