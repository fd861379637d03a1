using Dream.Meters.Decoding;
using Dream.Modbus;
using Dream.Modbus.Client;

namespace Dream.Meters.Reading;

/// <summary>Finds a SunSpec device's meter model from the "SunS" marker and the chain of models after it.</summary>
public static class SunSpecDiscovery
{
    public const ushort MarkerHigh = 0x5375;
    public const ushort MarkerLow = 0x6E53;
    public const int CommonModel = 1;
    public const int EndOfModels = 0xFFFF;
    private const int MaxModels = 32;

    /// <summary>The resolved map, or null when no "SunS" marker or no supported meter model is found.</summary>
    public static async Task<MeterMap?> DiscoverAsync(MeterProfile profile, IModbusDevice device, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(device);
        var sunSpec = profile.SunSpec ?? throw new ArgumentException($"{profile.Id} has no sunspec section.", nameof(profile));
        foreach (var markerBase in sunSpec.Bases)
        {
            ushort[] marker;
            try
            {
                marker = await device.ReadRegistersAsync(FunctionCode.ReadHoldingRegisters, markerBase, 2, cancellationToken);
            }
            catch (ModbusException)
            {
                continue;
            }

            if (marker[0] != MarkerHigh || marker[1] != MarkerLow)
            {
                continue;
            }

            string? manufacturer = null;
            string? model = null;
            RegisterLocation? serial = null;
            var address = markerBase + 2;
            for (var i = 0; i < MaxModels && address + 2 <= 0xFFFF; i++)
            {
                var header = await device.ReadRegistersAsync(FunctionCode.ReadHoldingRegisters, (ushort)address, 2, cancellationToken);
                int id = header[0];
                int length = header[1];
                if (id == EndOfModels)
                {
                    break;
                }

                if (id == CommonModel)
                {
                    var common = await device.ReadRegistersAsync(FunctionCode.ReadHoldingRegisters, (ushort)(address + 2), 32, cancellationToken);
                    manufacturer = RegisterCodec.DecodeAscii(common.AsSpan(0, 16));
                    model = RegisterCodec.DecodeAscii(common.AsSpan(16, 16));
                    serial = new RegisterLocation { Function = 3, Address = (ushort)(address + 50), Type = DataType.Ascii, Length = 16 };
                }
                else if (sunSpec.Layouts.FirstOrDefault(l => l.Models.Contains(id)) is SunSpecLayout layout)
                {
                    var modelStart = (ushort)address;
                    var quantities = layout.Quantities.Select(q => new MappedQuantity(
                        q.Name,
                        q.Unit,
                        3,
                        (ushort)(modelStart + q.Offset),
                        q.Type,
                        WordOrder.HighFirst,
                        1,
                        q.ScaleFactorOffset is int sf ? (ushort)(modelStart + sf) : null,
                        q.NotAvailable)).ToList();

                    // A SunSpec model is one block of defined points: any part of it may be read.
                    RegisterRange whole = new() { Function = 3, From = modelStart, To = (ushort)(modelStart + 1 + length) };
                    return new MeterMap(profile, quantities, [whole], serial, $"{manufacturer ?? "?"} {model ?? "?"} (SunSpec model {id})".Trim());
                }

                address += 2 + length;
            }
        }

        return null;
    }
}
