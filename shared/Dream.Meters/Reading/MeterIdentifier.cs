using Dream.Meters.Decoding;
using Dream.Modbus;
using Dream.Modbus.Client;

namespace Dream.Meters.Reading;

/// <summary>Tells which profile a device matches: the profile whose identification probes all pass, the most
/// specific winning; failing those, a SunSpec meter found from its marker.</summary>
public static class MeterIdentifier
{
    /// <summary>The matching profile and the meter's identity, or null when the device answers but matches none.</summary>
    /// <exception cref="ModbusTimeoutException">The device does not answer at all.</exception>
    public static async Task<IdentificationResult?> IdentifyAsync(IModbusDevice device, IEnumerable<MeterProfile> profiles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(profiles);
        var all = profiles.ToList();
        var cache = new Dictionary<(byte, ushort, int), ushort[]?>();
        await EnsurePresentAsync(device, all, cache, cancellationToken);
        MeterProfile? best = null;
        foreach (var profile in all.Where(p => p.SunSpec is null && p.Identify.Count > 0))
        {
            var passed = true;
            foreach (var probe in profile.Identify)
            {
                if (!await PassesAsync(device, probe, cache, cancellationToken))
                {
                    passed = false;
                    break;
                }
            }

            if (passed && (best is null || Score(profile) > Score(best)))
            {
                best = profile;
            }
        }

        if (best is not null)
        {
            var reader = await MeterReader.CreateAsync(best, device, cancellationToken: cancellationToken);
            return new IdentificationResult(best, await reader.ReadIdentityAsync(cancellationToken));
        }

        foreach (var profile in all.Where(p => p.SunSpec is not null))
        {
            if (await SunSpecDiscovery.DiscoverAsync(profile, device, cancellationToken) is not null)
            {
                var reader = await MeterReader.CreateAsync(profile, device, cancellationToken: cancellationToken);
                return new IdentificationResult(profile, await reader.ReadIdentityAsync(cancellationToken));
            }
        }

        return null;
    }

    /// <summary>Some meters stay silent, instead of answering exception 2, for a register they lack; so one
    /// silence does not mean nobody is there. Input register 0x000B first (most meters answer it, or refuse
    /// FC 4 outright, which is an answer too), then the SunSpec marker, then other probes; three silences in
    /// a row mean no device at this unit id.</summary>
    /// <exception cref="ModbusTimeoutException">No answer at all.</exception>
    private static async Task EnsurePresentAsync(IModbusDevice device, List<MeterProfile> profiles, Dictionary<(byte, ushort, int), ushort[]?> cache, CancellationToken cancellationToken)
    {
        const int SilencesMeaningAbsent = 3;
        var reads = profiles.SelectMany(p => p.Identify).Select(p => (p.Function, p.Address, p.RegisterCount))
            .Distinct().OrderByDescending(k => k.Function).ThenBy(k => k.Address).ToList();
        var markers = profiles.Where(p => p.SunSpec is not null).SelectMany(p => p.SunSpec!.Bases).Select(b => ((byte)3, b, 2)).Distinct();
        reads.InsertRange(Math.Min(1, reads.Count), markers);
        var silences = 0;
        foreach (var key in reads)
        {
            try
            {
                cache[key] = await device.ReadRegistersAsync((FunctionCode)key.Item1, key.Item2, (ushort)key.Item3, cancellationToken);
                return;
            }
            catch (ModbusException e) when (e.Code is not (ExceptionCode.GatewayPathUnavailable or ExceptionCode.GatewayTargetFailedToRespond))
            {
                cache[key] = null;
                return;
            }
            catch (ModbusTimeoutException) when (++silences < SilencesMeaningAbsent)
            {
                // Maybe only this register is missing: ask another.
            }
        }
    }

    /// <summary>An exact value or text says more than a range: a range can pass by chance on another meter.</summary>
    private static int Score(MeterProfile profile) =>
        profile.Identify.Sum(p => p.ExpectedValue is not null || p.StartsWith is not null ? 2 : 1);

    private static async Task<bool> PassesAsync(IModbusDevice device, IdentifyProbe probe, Dictionary<(byte, ushort, int), ushort[]?> cache, CancellationToken cancellationToken)
    {
        var key = (probe.Function, probe.Address, probe.RegisterCount);
        if (!cache.TryGetValue(key, out var words))
        {
            try
            {
                words = await device.ReadRegistersAsync((FunctionCode)probe.Function, probe.Address, (ushort)probe.RegisterCount, cancellationToken);
            }
            catch (ModbusException e) when (e.Code is not (ExceptionCode.GatewayPathUnavailable or ExceptionCode.GatewayTargetFailedToRespond))
            {
                // The device is there and refuses this register: this probe fails. A gateway's "no answer
                // behind me" propagates: nobody is at this unit id.
                words = null;
            }
            catch (ModbusTimeoutException)
            {
                // The device is present (EnsurePresentAsync): it stays silent for a register it lacks.
                words = null;
            }

            cache[key] = words;
        }

        if (words is null)
        {
            return false;
        }

        if (probe.Type == DataType.Ascii)
        {
            return probe.StartsWith is string prefix && RegisterCodec.DecodeAscii(words).StartsWith(prefix, StringComparison.Ordinal);
        }

        if (RegisterCodec.Decode(words, probe.Type, probe.WordOrder) is not double value)
        {
            return false;
        }

        return (probe.ExpectedValue is not double expected || Math.Abs(value - expected) < 1e-9)
            && (probe.Min is not double min || value >= min)
            && (probe.Max is not double max || value <= max);
    }
}
