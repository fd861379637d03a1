namespace Dream.Contracts;

/// <summary>A message or document was refused; <see cref="Error"/> says which rule it broke.</summary>
public sealed class ContractException : Exception
{
    public ContractException(ContractError error, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Error = error;
    }

    public ContractError Error { get; }
}
