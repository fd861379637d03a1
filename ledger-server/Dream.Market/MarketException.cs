namespace Dream.Market;

/// <summary>A market transaction was refused; <see cref="Error"/> says which rule it broke.</summary>
public sealed class MarketException : Exception
{
    public MarketException()
        : this(MarketError.NotEnvelope, "The input is not a market transaction.")
    {
    }

    public MarketException(string message)
        : this(MarketError.NotEnvelope, message)
    {
    }

    public MarketException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = MarketError.NotEnvelope;
    }

    public MarketException(MarketError error, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Error = error;
    }

    public MarketError Error { get; }

    public MarketViolation ToViolation() => new(Error, Message);
}
