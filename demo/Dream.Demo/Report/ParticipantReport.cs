namespace Dream.Demo.Report;

/// <summary>
/// One participant's day: energy promised and delivered, money in and out, penalties. Money is integer minor
/// units of <see cref="Currency"/> (hence the <c>Minor</c> names in the JSON report); the printed report shows
/// currency units.
/// </summary>
internal sealed record ParticipantReport
{
    public required string Name { get; init; }

    public required string Role { get; init; }

    public required string Did { get; init; }

    public string? Currency { get; set; }

    public long PromisedWh { get; set; }

    public long DeliveredWh { get; set; }

    public long MoneyInMinor { get; set; }

    public long MoneyOutMinor { get; set; }

    public long PenaltiesPaidMinor { get; set; }

    public long PenaltiesReceivedMinor { get; set; }

    public long? BalanceMinor { get; set; }

    public long? HeldMinor { get; set; }

    public long? EscrowedMinor { get; set; }

    /// <summary>Energy of the promises this participant won at auction.</summary>
    public long BoughtWh { get; set; }
}
