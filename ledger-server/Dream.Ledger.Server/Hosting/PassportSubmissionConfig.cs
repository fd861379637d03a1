namespace Dream.Ledger.Server.Hosting;

/// <summary>
/// How many passport submissions the public API takes: per registered installer and in all, each a token
/// bucket (a steady rate per minute and a burst). Beyond them: HTTP 429 with Retry-After.
/// </summary>
public sealed class PassportSubmissionConfig
{
    public int InstallerPerMinute { get; set; } = 10;

    public int InstallerBurst { get; set; } = 20;

    public int TotalPerMinute { get; set; } = 120;

    public int TotalBurst { get; set; } = 200;
}
