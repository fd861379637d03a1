namespace Dream.Ledger.Registry;

/// <summary>What a participant may do in the market (DREAM section 3).</summary>
public enum ParticipantRole
{
    GridAuthority,
    PowerCompany,
    Producer,
    Prosumer,
    Consumer,
    VerificationAgency,

    /// <summary>Installs and pairs devices: the passport submissions it signs are accepted (not a market role).</summary>
    Installer,
}
