namespace Dream.Ledger.Storage;

/// <summary>
/// A store write failed and nothing of it was kept (the transaction was rolled back). <see cref="Cause"/> names
/// the failure for operators (<see cref="StoreFaultCauses"/>); the store stays usable and a retry may succeed.
/// </summary>
public sealed class StoreWriteException : IOException
{
    public StoreWriteException()
        : this(StoreFaultCauses.Other, "The store could not write.")
    {
    }

    public StoreWriteException(string message)
        : this(StoreFaultCauses.Other, message)
    {
    }

    public StoreWriteException(string message, Exception innerException)
        : this(StoreFaultCauses.Other, message, innerException)
    {
    }

    public StoreWriteException(string cause, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Cause = cause;
    }

    public string Cause { get; } = StoreFaultCauses.Other;
}
