namespace Dream.Contracts;

/// <summary>What a registered participant is (DREAM section 3.2 and 4.3; installers from TRAKEN's pairing).</summary>
public enum ParticipantRole
{
    /// <summary>Not a registered participant (never on the wire).</summary>
    None,
    GridAuthority,
    PowerCompany,
    Producer,
    Prosumer,
    Consumer,
    VerificationAgency,

    /// <summary>Installs and pairs devices: the passport submissions it signs are accepted (not a market role).</summary>
    Installer,
}
