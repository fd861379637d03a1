using System.Collections.Concurrent;
using System.Diagnostics;
using Dream.Edge.Configuration;
using Dream.Edge.Metering;
using Dream.Edge.S0;
using Dream.Gpio;
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
        if (meter.Uri.Scheme == "s0")
        {
            return CreateS0(meter, context);
        }

        var profile = catalog.Get(meter.Profile);
        var address = MeterAddress.Parse(meter.Uri.OriginalString, profile.Serial);
        if (!meter.Uri.Query.Contains("unit=", StringComparison.Ordinal))
        {
            address = address.WithUnit(meter.Unit);
        }

        var bus = _buses.GetOrAdd(address.Transport + " " + address.Endpoint, _ => address.CreateClient(TimeSpan.FromSeconds(1), retries: 2));
        return new ProfileMeter(profile, bus.Device(address.Unit, TimeSpan.FromMilliseconds(profile.DelayBetweenRequestsMs)), context.TimeProvider);
    }

    /// <summary><c>s0://gpiochip0/17</c>: falling edges of line 17 on /dev/gpiochip0, pulled up, debounced by the kernel.</summary>
    private static S0Meter CreateS0(MeterOptions meter, MeterContext context)
    {
        var chipPath = "/dev/" + meter.Uri.Host;
        var lineText = meter.Uri.AbsolutePath.Trim('/');
        if (!uint.TryParse(lineText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var line))
        {
            throw new AgentConfigException([new ConfigError("meters[].uri", $"{meter.Uri} does not name a GPIO line: write s0://gpiochip0/17.")]);
        }

        var chip = GpioChip.Open(chipPath);
        uint[] lines = meter.DirectionLine is { } d ? [line, (uint)d] : [line];
        var request = chip.RequestEdgeEvents(lines, new GpioLineSettings
        {
            Edges = GpioEdge.Falling,
            Bias = GpioBias.PullUp,
            DebounceMicroseconds = (uint)meter.DebounceMicroseconds,
            Consumer = "dream-agent " + meter.Id,
        });
        chip.Dispose();
        var counter = new S0PulseCounter(new GpioPulseSource(request), context.Store, meter.Id, line, (uint?)meter.DirectionLine);
        return new S0Meter(counter, meter.MeterConstant, static () => (ulong)(Stopwatch.GetTimestamp() * (1_000_000_000.0 / Stopwatch.Frequency)));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var bus in _buses.Values)
        {
            await bus.DisposeAsync();
        }
    }
}
