using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Dream.Testing;

namespace Dream.Gpio.Tests.Hardware;

/// <summary>
/// A real GPIO chip: an output line jumpered to the input line (hardware/README.md) is pulsed by libgpiod's gpioset,
/// an independent program, and the input request sees every falling edge with a kernel CLOCK_MONOTONIC timestamp.
/// </summary>
[Trait("Category", "Hardware")]
public sealed partial class GpioEdgeTimestampTests
{
    private const int Pulses = 5;
    private static readonly TimeSpan Hold = TimeSpan.FromMilliseconds(20);

    [Fact]
    public async Task Every_falling_edge_arrives_in_order_with_a_monotonic_timestamp_taken_while_it_happened()
    {
        var chipPath = HardwareSetup.Require("DREAM_HW_GPIO_CHIP", "a GPIO chip, e.g. /dev/gpiochip0");
        var input = HardwareSetup.RequireUInt("DREAM_HW_GPIO_INPUT", "the input line offset the S0 examples use, e.g. 17");
        var output = HardwareSetup.RequireUInt("DREAM_HW_GPIO_OUTPUT", "the output line offset jumpered to the input, e.g. 22");
        var gpioset = await GpiosetAsync();
        await SetAsync(gpioset, chipPath, output, 1);

        using var chip = GpioChip.Open(chipPath);
        using var request = chip.RequestEdgeEvents([input], new GpioLineSettings { Edges = GpioEdge.Falling, DebounceMicroseconds = 0, Consumer = "dream-hardware-test" });
        var before = MonotonicNanoseconds();
        for (var i = 0; i < Pulses; i++)
        {
            await SetAsync(gpioset, chipPath, output, 0);
            await SetAsync(gpioset, chipPath, output, 1);
        }

        var after = MonotonicNanoseconds();
        var events = new List<GpioEdgeEvent>();
        for (var i = 0; i < Pulses; i++)
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            events.Add(await request.ReadEventAsync(limit.Token));
        }

        Assert.All(events, e => Assert.Equal((GpioEdge.Falling, input), (e.Edge, e.Offset)));
        Assert.Equal(Enumerable.Range(1, Pulses).Select(n => (uint)n), events.Select(e => e.LineSequence));
        Assert.All(events, e => Assert.InRange(e.TimestampNs, before, after));
        // gpioset holds each level at least Hold, so falling edges are at least two holds apart.
        Assert.All(events.Zip(events.Skip(1)), pair => Assert.True(pair.Second.TimestampNs - pair.First.TimestampNs >= (ulong)(2 * Hold.Ticks * 100), $"{pair.First.TimestampNs} -> {pair.Second.TimestampNs}"));
        Assert.True(request.GetValue(input), "the input follows the output back high");
    }

    private static ulong MonotonicNanoseconds() => (ulong)(Int128.CreateTruncating(Stopwatch.GetTimestamp()) * 1_000_000_000 / Stopwatch.Frequency);

    /// <summary>libgpiod's major version: gpioset's options changed between 1.x (Debian 12) and 2.x (Debian 13).</summary>
    private static async Task<int> GpiosetAsync()
    {
        var version = await ExternalProgram.RunAsync("gpioset", ["--version"]);
        var match = Version().Match(version.StandardOutput);
        return version.ExitCode == 0 && match.Success
            ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"gpioset (apt-get install gpiod) did not say its version: {version}");
    }

    private static async Task SetAsync(int major, string chip, uint line, int value)
    {
        var hold = ((int)Hold.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        string[] arguments = major >= 2
            ? ["--chip", chip, "--hold-period", hold + "ms", "--toggle", "0", $"{line}={value}"]
            : ["--mode=time", $"--usec={hold}000", chip, $"{line}={value}"];
        var set = await ExternalProgram.RunAsync("gpioset", arguments, timeout: TimeSpan.FromSeconds(10));
        Assert.True(set.ExitCode == 0, set.ToString());
    }

    [GeneratedRegex(@"v(\d+)\.")]
    private static partial Regex Version();
}
