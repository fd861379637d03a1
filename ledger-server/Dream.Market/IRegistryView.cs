using Dream.Contracts;

namespace Dream.Market;

/// <summary>
/// The registry as of the log position being validated: the ledger provides it from its own replay of
/// registry entries. Pure reads; the market never changes the registry.
/// </summary>
public interface IRegistryView
{
    /// <summary>The grid authority's did:key.</summary>
    string GridAuthority { get; }

    /// <summary>The power company (supplier of last resort) that receives broken promises' deposits.</summary>
    string PowerCompany { get; }

    /// <summary>The participant's role, or <see cref="ParticipantRole.None"/> if it is not registered (see <see cref="ParticipantRoles.IsMarketRole"/>).</summary>
    ParticipantRole RoleOf(string did);

    /// <summary>The metering point of a passport, or null if no such passport is registered.</summary>
    MeteringPoint? FindMeteringPoint(string passportId);
}
