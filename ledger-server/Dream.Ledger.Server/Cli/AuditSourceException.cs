namespace Dream.Ledger.Server.Cli;

/// <summary>The audited ledger could not be read or is not the one the auditor trusts: one line for the auditor.</summary>
public sealed class AuditSourceException : Exception
{
    public AuditSourceException()
    {
    }

    public AuditSourceException(string message)
        : base(message)
    {
    }

    public AuditSourceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
