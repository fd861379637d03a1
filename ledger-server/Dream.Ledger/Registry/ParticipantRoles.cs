namespace Dream.Ledger.Registry;

/// <summary>The wire names of <see cref="ParticipantRole"/>.</summary>
public static class ParticipantRoles
{
    public static string Name(ParticipantRole role) => role switch
    {
        ParticipantRole.GridAuthority => "grid-authority",
        ParticipantRole.PowerCompany => "power-company",
        ParticipantRole.Producer => "producer",
        ParticipantRole.Prosumer => "prosumer",
        ParticipantRole.Consumer => "consumer",
        ParticipantRole.VerificationAgency => "verification-agency",
        ParticipantRole.Installer => "installer",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    public static bool TryParse(string? text, out ParticipantRole role)
    {
        foreach (var candidate in Enum.GetValues<ParticipantRole>())
        {
            if (Name(candidate) == text)
            {
                role = candidate;
                return true;
            }
        }

        role = default;
        return false;
    }
}
