namespace Dream.Ledger.State;

/// <summary>An entry breaks a ledger rule: a registry transaction that cannot apply, or a log that does not replay.</summary>
public sealed class LedgerRuleException : Exception
{
    public LedgerRuleException()
    {
    }

    public LedgerRuleException(string message)
        : base(message)
    {
    }

    public LedgerRuleException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
