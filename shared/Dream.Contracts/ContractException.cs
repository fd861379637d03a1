namespace Dream.Contracts;

/// <summary>A message or document was refused; <see cref="Error"/> says which rule it broke.</summary>
public sealed class ContractException : Exception
{
    public ContractException()
        : this(ContractError.NotEnvelope, "The input is not a Dream document.")
    {
    }

    public ContractException(string message)
        : this(ContractError.NotEnvelope, message)
    {
    }

    public ContractException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = ContractError.NotEnvelope;
    }

    public ContractException(ContractError error, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Error = error;
    }

    public ContractError Error { get; }
}
