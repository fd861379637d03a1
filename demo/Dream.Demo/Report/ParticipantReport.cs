namespace Dream.Demo.Report;

/// <summary>One participant's day: energy promised and delivered, money in and out (minor units), penalties.</summary>
internal sealed record ParticipantReport
{
    public required string Name { get; init; }

    public required string Role { get; init; }

    public required string Did { get; init; }

    public long PromisedWh { get; set; }

    public long DeliveredWh { get; set; }

    public long MoneyIn { get; set; }

    public long MoneyOut { get; set; }

    public long PenaltiesPaid { get; set; }

    public long PenaltiesReceived { get; set; }

    public long? Balance { get; set; }

    public long? Held { get; set; }

    public long? Escrowed { get; set; }

    /// <summary>Energy of the promises this participant won at auction.</summary>
    public long BoughtWh { get; set; }
}
