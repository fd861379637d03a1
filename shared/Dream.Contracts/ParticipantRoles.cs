namespace Dream.Contracts;

/// <summary>The wire names of <see cref="ParticipantRole"/>, and which roles take part in the market.</summary>
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
            if (candidate != ParticipantRole.None && Name(candidate) == text)
            {
                role = candidate;
                return true;
            }
        }

        role = ParticipantRole.None;
        return false;
    }

    /// <summary>Whether the market counts the role as a registered participant (an installer only pairs devices).</summary>
    public static bool IsMarketRole(ParticipantRole role) => role is not (ParticipantRole.None or ParticipantRole.Installer);
}
