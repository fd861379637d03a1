namespace Dream.Market.State;

/// <summary>
/// A participant's money in the market's currency, in minor units: available to spend, held for its best
/// bids, and escrowed as penalty deposits of its open promises.
/// </summary>
public sealed class Account
{
    internal Account(string did) => Did = did;

    public string Did { get; }

    public long Available { get; internal set; }

    public long Held { get; internal set; }

    public long Escrowed { get; internal set; }

    public long Total => Available + Held + Escrowed;
}
