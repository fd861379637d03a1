namespace Dream.Market.State;

/// <summary>The result of a delivery check.</summary>
public enum DeliveryOutcome
{
    /// <summary>Not checked (yet).</summary>
    None,

    /// <summary>Everything promised was delivered.</summary>
    Kept,

    /// <summary>Some but not all was delivered; the deposit is split pro rata.</summary>
    Partial,

    /// <summary>Nothing was delivered (including no readings at all).</summary>
    Broken,
}
