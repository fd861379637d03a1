namespace Dream.Market.Tests;

/// <summary>The registry the ledger would replay from its registry entries; here set up by the test.</summary>
public sealed class TestRegistry : IRegistryView
{
    private readonly Dictionary<string, ParticipantRole> _roles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MeteringPoint> _points = new(StringComparer.Ordinal);

    public TestRegistry(string gridAuthority, string powerCompany)
    {
        GridAuthority = gridAuthority;
        PowerCompany = powerCompany;
        _roles[gridAuthority] = ParticipantRole.GridAuthority;
        _roles[powerCompany] = ParticipantRole.PowerCompany;
    }

    public string GridAuthority { get; }

    public string PowerCompany { get; }

    public void Register(string did, ParticipantRole role) => _roles[did] = role;

    public void AddMeteringPoint(MeteringPoint point) => _points[point.PassportId] = point;

    public ParticipantRole RoleOf(string did) => _roles.GetValueOrDefault(did, ParticipantRole.None);

    public MeteringPoint? FindMeteringPoint(string passportId) => _points.GetValueOrDefault(passportId);
}
