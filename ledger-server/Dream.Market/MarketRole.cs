namespace Dream.Market;

/// <summary>A participant's role in the market (DREAM section 3.2 and 4.3).</summary>
public enum MarketRole
{
    /// <summary>Not a registered participant.</summary>
    None,
    GridAuthority,
    PowerCompany,
    Producer,
    Prosumer,
    Consumer,
    VerificationAgency,
}
