namespace Dream.Market.State;

/// <summary>Where a promise is in its life. Only <see cref="Open"/> promises can be traded, changed or checked.</summary>
public enum PromiseStatus
{
    Open,

    /// <summary>Delivery was checked; see <see cref="Promise.Outcome"/>.</summary>
    Checked,

    /// <summary>Replaced by its parts.</summary>
    Split,

    /// <summary>Replaced by the merged promise.</summary>
    Merged,

    /// <summary>The supplier covered it with other suppliers' promises.</summary>
    Substituted,
}
