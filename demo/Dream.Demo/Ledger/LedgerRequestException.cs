namespace Dream.Demo.Ledger;

/// <summary>The ledger refused or failed a request; <see cref="Status"/> is the HTTP status.</summary>
internal sealed class LedgerRequestException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
