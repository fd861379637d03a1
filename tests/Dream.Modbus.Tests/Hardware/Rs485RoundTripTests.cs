using System.Globalization;
using Dream.Serial;

namespace Dream.Modbus.Tests.Hardware;

/// <summary>
/// A real RS485 bus: an adapter (hardware/README.md) and a Modbus RTU meter on it answer a read, CRC-checked, through
/// the serial port and the RTU framing the agent uses; a unit nobody has stays silent and times out.
/// </summary>
[Trait("Category", "Hardware")]
public sealed class Rs485RoundTripTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_meter_on_the_bus_answers_a_register_read_and_an_absent_unit_times_out()
    {
        var device = HardwareSetup.Require("DREAM_HW_RS485_DEVICE", "an RS485 adapter with a Modbus RTU meter on its bus, e.g. /dev/ttyUSB0");
        var baud = int.Parse(HardwareSetup.Optional("DREAM_HW_RS485_BAUD", "9600"), CultureInfo.InvariantCulture);
        var parity = HardwareSetup.Optional("DREAM_HW_RS485_PARITY", "N") switch
        {
            "N" => Parity.None,
            "E" => Parity.Even,
            "O" => Parity.Odd,
            var other => throw new InvalidOperationException($"DREAM_HW_RS485_PARITY={other}: use N, E or O."),
        };
        var unit = byte.Parse(HardwareSetup.Optional("DREAM_HW_RS485_UNIT", "1"), CultureInfo.InvariantCulture);
        // Input register 0, two words: L1 voltage on the Eastron SDM meters of the README's examples.
        var address = ushort.Parse(HardwareSetup.Optional("DREAM_HW_RS485_INPUT_REGISTER", "0"), CultureInfo.InvariantCulture);
        var settings = new SerialPortSettings(device) { BaudRate = baud, Parity = parity };
        await using var client = new ModbusClient(
            _ => ValueTask.FromResult<Stream>(SerialPortStream.Open(settings)),
            new ModbusClientOptions
            {
                Transport = ModbusTransportKind.SerialLine,
                Endpoint = device,
                BaudRate = baud,
                ResponseTimeout = TimeSpan.FromSeconds(1),
                Retries = 0,
            });

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(2, (await client.ReadInputRegistersAsync(unit, address, 2, CancellationToken.None).WaitAsync(Limit)).Length);
        }

        var absent = (byte)(unit == 247 ? 246 : 247);
        await Assert.ThrowsAsync<ModbusTimeoutException>(() => client.ReadInputRegistersAsync(absent, address, 2, CancellationToken.None).WaitAsync(Limit));
        Assert.Equal(2, (await client.ReadInputRegistersAsync(unit, address, 2, CancellationToken.None).WaitAsync(Limit)).Length);
    }
}
