namespace Dream.Meters.Profiles;

/// <summary>Order of the registers of a multi-register value.</summary>
public enum WordOrder
{
    /// <summary>Most significant register first (Eastron, ABB, SunSpec).</summary>
    HighFirst,

    /// <summary>Least significant register first (Carlo Gavazzi).</summary>
    LowFirst,
}
