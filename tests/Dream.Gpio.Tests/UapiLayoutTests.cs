using System.Runtime.InteropServices;
using Dream.Gpio.Interop;
using Dream.Testing;

namespace Dream.Gpio.Tests;

/// <summary>Our structs against the kernel's own headers: gcc compiles linux/gpio.h and prints sizes, offsets and ioctl numbers.</summary>
public sealed class UapiLayoutTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Every_size_offset_and_ioctl_number_matches_linux_gpio_h()
    {
        var kernel = await KernelLayoutAsync();
        var ours = new Dictionary<string, long>
        {
            ["sizeof(struct gpio_v2_line_attribute)"] = Marshal.SizeOf<GpioUapi.LineAttribute>(),
            ["offsetof(struct gpio_v2_line_attribute, id)"] = Offset<GpioUapi.LineAttribute>("Id"),
            ["offsetof(struct gpio_v2_line_attribute, flags)"] = Offset<GpioUapi.LineAttribute>("Value"),
            ["offsetof(struct gpio_v2_line_attribute, debounce_period_us)"] = Offset<GpioUapi.LineAttribute>("Value"),
            ["sizeof(struct gpio_v2_line_config_attribute)"] = Marshal.SizeOf<GpioUapi.LineConfigAttribute>(),
            ["offsetof(struct gpio_v2_line_config_attribute, mask)"] = Offset<GpioUapi.LineConfigAttribute>("Mask"),
            ["sizeof(struct gpio_v2_line_config)"] = Marshal.SizeOf<GpioUapi.LineConfig>(),
            ["offsetof(struct gpio_v2_line_config, num_attrs)"] = Offset<GpioUapi.LineConfig>("NumAttrs"),
            ["offsetof(struct gpio_v2_line_config, attrs)"] = Offset<GpioUapi.LineConfig>("Attrs"),
            ["sizeof(struct gpio_v2_line_request)"] = Marshal.SizeOf<GpioUapi.LineRequest>(),
            ["offsetof(struct gpio_v2_line_request, consumer)"] = Offset<GpioUapi.LineRequest>("Consumer"),
            ["offsetof(struct gpio_v2_line_request, config)"] = Offset<GpioUapi.LineRequest>("Config"),
            ["offsetof(struct gpio_v2_line_request, num_lines)"] = Offset<GpioUapi.LineRequest>("NumLines"),
            ["offsetof(struct gpio_v2_line_request, event_buffer_size)"] = Offset<GpioUapi.LineRequest>("EventBufferSize"),
            ["offsetof(struct gpio_v2_line_request, fd)"] = Offset<GpioUapi.LineRequest>("Fd"),
            ["sizeof(struct gpio_v2_line_values)"] = Marshal.SizeOf<GpioUapi.LineValues>(),
            ["offsetof(struct gpio_v2_line_values, mask)"] = Offset<GpioUapi.LineValues>("Mask"),
            ["sizeof(struct gpio_v2_line_event)"] = Marshal.SizeOf<GpioUapi.LineEvent>(),
            ["offsetof(struct gpio_v2_line_event, id)"] = Offset<GpioUapi.LineEvent>("Id"),
            ["offsetof(struct gpio_v2_line_event, offset)"] = Offset<GpioUapi.LineEvent>("Offset"),
            ["offsetof(struct gpio_v2_line_event, seqno)"] = Offset<GpioUapi.LineEvent>("Seqno"),
            ["offsetof(struct gpio_v2_line_event, line_seqno)"] = Offset<GpioUapi.LineEvent>("LineSeqno"),
            ["GPIO_V2_GET_LINE_IOCTL"] = (long)GpioUapi.GetLineIoctl,
            ["GPIO_V2_LINE_GET_VALUES_IOCTL"] = (long)GpioUapi.LineGetValuesIoctl,
            ["GPIO_V2_LINE_FLAG_INPUT"] = (long)GpioUapi.FlagInput,
            ["GPIO_V2_LINE_FLAG_ACTIVE_LOW"] = (long)GpioUapi.FlagActiveLow,
            ["GPIO_V2_LINE_FLAG_EDGE_RISING"] = (long)GpioUapi.FlagEdgeRising,
            ["GPIO_V2_LINE_FLAG_EDGE_FALLING"] = (long)GpioUapi.FlagEdgeFalling,
            ["GPIO_V2_LINE_FLAG_BIAS_PULL_UP"] = (long)GpioUapi.FlagBiasPullUp,
            ["GPIO_V2_LINE_FLAG_BIAS_PULL_DOWN"] = (long)GpioUapi.FlagBiasPullDown,
            ["GPIO_V2_LINE_FLAG_BIAS_DISABLED"] = (long)GpioUapi.FlagBiasDisabled,
            ["GPIO_V2_LINE_ATTR_ID_DEBOUNCE"] = GpioUapi.AttrIdDebounce,
            ["GPIO_V2_LINE_EVENT_RISING_EDGE"] = GpioUapi.EventRisingEdge,
            ["GPIO_V2_LINE_EVENT_FALLING_EDGE"] = GpioUapi.EventFallingEdge,
        };

        Assert.Equal(ours.Count, kernel.Count);
        foreach (var (name, value) in ours)
        {
            Assert.True(kernel.TryGetValue(name, out var expected), $"the C program did not print {name}");
            Assert.True(expected == value, $"{name}: kernel {expected}, ours {value}");
        }

        // The numbers the kernel documents for 64-bit Linux, as a second, independent check.
        Assert.Equal(592, Marshal.SizeOf<GpioUapi.LineRequest>());
        Assert.Equal(48, Marshal.SizeOf<GpioUapi.LineEvent>());
        Assert.Equal(0xC250B407u, (uint)GpioUapi.GetLineIoctl);
    }

    private static long Offset<T>(string field) => Marshal.OffsetOf<T>(field).ToInt64();

    private async Task<Dictionary<string, long>> KernelLayoutAsync()
    {
        string[] sizes = ["gpio_v2_line_attribute", "gpio_v2_line_config_attribute", "gpio_v2_line_config", "gpio_v2_line_request", "gpio_v2_line_values", "gpio_v2_line_event"];
        (string Struct, string Field)[] offsets =
        [
            ("gpio_v2_line_attribute", "id"), ("gpio_v2_line_attribute", "flags"), ("gpio_v2_line_attribute", "debounce_period_us"),
            ("gpio_v2_line_config_attribute", "mask"), ("gpio_v2_line_config", "num_attrs"), ("gpio_v2_line_config", "attrs"),
            ("gpio_v2_line_request", "consumer"), ("gpio_v2_line_request", "config"), ("gpio_v2_line_request", "num_lines"),
            ("gpio_v2_line_request", "event_buffer_size"), ("gpio_v2_line_request", "fd"), ("gpio_v2_line_values", "mask"),
            ("gpio_v2_line_event", "id"), ("gpio_v2_line_event", "offset"), ("gpio_v2_line_event", "seqno"), ("gpio_v2_line_event", "line_seqno"),
        ];
        string[] constants =
        [
            "GPIO_V2_GET_LINE_IOCTL", "GPIO_V2_LINE_GET_VALUES_IOCTL", "GPIO_V2_LINE_FLAG_INPUT", "GPIO_V2_LINE_FLAG_ACTIVE_LOW",
            "GPIO_V2_LINE_FLAG_EDGE_RISING", "GPIO_V2_LINE_FLAG_EDGE_FALLING", "GPIO_V2_LINE_FLAG_BIAS_PULL_UP", "GPIO_V2_LINE_FLAG_BIAS_PULL_DOWN",
            "GPIO_V2_LINE_FLAG_BIAS_DISABLED", "GPIO_V2_LINE_ATTR_ID_DEBOUNCE", "GPIO_V2_LINE_EVENT_RISING_EDGE", "GPIO_V2_LINE_EVENT_FALLING_EDGE",
        ];
        var program = new System.Text.StringBuilder("#include <stdio.h>\n#include <stddef.h>\n#include <linux/gpio.h>\nint main(void) {\n");
        foreach (var s in sizes)
        {
            program.Append($"  printf(\"sizeof(struct {s})=%llu\\n\", (unsigned long long)sizeof(struct {s}));\n");
        }

        foreach (var (s, f) in offsets)
        {
            program.Append($"  printf(\"offsetof(struct {s}, {f})=%llu\\n\", (unsigned long long)offsetof(struct {s}, {f}));\n");
        }

        foreach (var c in constants)
        {
            program.Append($"  printf(\"{c}=%llu\\n\", (unsigned long long){c});\n");
        }

        program.Append("  return 0;\n}\n");
        var source = _directory.Combine("layout.c");
        var binary = _directory.Combine("layout");
        await File.WriteAllTextAsync(source, program.ToString());
        var compiled = await ExternalProgram.RunAsync("gcc", ["-o", binary, source], timeout: TimeSpan.FromSeconds(60));
        Assert.True(compiled.ExitCode == 0, compiled.StandardError);
        var run = await ExternalProgram.RunAsync(binary, [], timeout: TimeSpan.FromSeconds(30));
        Assert.Equal(0, run.ExitCode);
        return run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('='))
            .ToDictionary(p => p[0], p => (long)ulong.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));
    }
}
