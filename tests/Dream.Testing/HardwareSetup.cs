namespace Dream.Testing;

/// <summary>
/// Where the Hardware tier's tests (<c>[Trait("Category", "Hardware")]</c>, wiring in hardware/README.md) find the real
/// device: environment variables. A missing one fails the test with what to set; it never passes or skips.
/// </summary>
public static class HardwareSetup
{
    public static string Require(string variable, string what)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        return string.IsNullOrWhiteSpace(value)
            ? throw new InvalidOperationException($"{variable} is not set: this Hardware test needs {what} (hardware/README.md, \"Hardware tests\"). The default test run filters the Hardware tier out (Category!=Hardware).")
            : value.Trim();
    }

    public static uint RequireUInt(string variable, string what)
    {
        var text = Require(variable, what);
        return uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidOperationException($"{variable}={text} is not a whole number ({what}).");
    }

    public static string Optional(string variable, string fallback) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value.Trim() : fallback;
}
