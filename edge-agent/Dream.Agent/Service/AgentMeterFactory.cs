using System.Collections.Concurrent;
using Dream.Edge.Configuration;
using Dream.Edge.Metering;
using Dream.Meters.Profiles;
using Dream.Meters.Reading;
using Dream.Modbus.Client;

namespace Dream.Agent.Service;

/// <summary>
/// Opens the configured meters: Modbus meters through their profiles, one client per bus so several meters
/// on one RS485 line take turns, with the profile's delay between requests.
/// </summary>
internal sealed class AgentMeterFactory(ProfileCatalog catalog) : IMeterFactory, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ModbusClient> _buses = new(StringComparer.Ordinal);

    public IMeter Create(MeterOptions meter, MeterContext context)
    {
        ArgumentNullException.ThrowIfNull(meter);
        ArgumentNullException.ThrowIfNull(context);
        var profile = catalog.Get(meter.Profile);
        var address = MeterAddress.Parse(meter.Uri.OriginalString, profile.Serial);
        if (!meter.Uri.Query.Contains("unit=", StringComparison.Ordinal))
        {
            address = address.WithUnit(meter.Unit);
        }

        var bus = _buses.GetOrAdd(address.Transport + " " + address.Endpoint, _ => address.CreateClient(TimeSpan.FromSeconds(1), retries: 2));
        return new ProfileMeter(profile, bus.Device(address.Unit, TimeSpan.FromMilliseconds(profile.DelayBetweenRequestsMs)), context.TimeProvider);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var bus in _buses.Values)
        {
            await bus.DisposeAsync();
        }
    }
}
