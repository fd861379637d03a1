namespace Dream.Ledger.Server.Cli;

/// <summary><c>dream-ledger verify</c> was asked for something it cannot do (exit 2).</summary>
public sealed class VerifyUsageException : Exception
{
    public VerifyUsageException()
    {
    }

    public VerifyUsageException(string message)
        : base(message)
    {
    }

    public VerifyUsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
