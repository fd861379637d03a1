namespace Dream.Market.Scheduling;

/// <summary>What the grid authority's scheduler must do.</summary>
public enum DueActionKind
{
    EndAuction,
    Settle,
    CheckDelivery,
}
