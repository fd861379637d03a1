namespace Dream.Meters.Profiles;

/// <summary>The quantity names every profile maps to, each with its one unit: every profile gives a quantity
/// in the same unit (a register in other steps converts through its scale, e.g. 0.01 kWh steps are scale 10
/// in Wh), so a number means the same whichever meter it comes from. Energy counters are the meter's own
/// registers (the legal values); power is positive when importing from the grid.</summary>
public static class StandardQuantities
{
    public static readonly IReadOnlyDictionary<string, string> Units = Build();

    public static bool IsEnergy(string name) => name.StartsWith("energy_", StringComparison.Ordinal);

    public static bool IsPower(string name) => name == "power" || name.StartsWith("power_l", StringComparison.Ordinal);

    private static Dictionary<string, string> Build()
    {
        var units = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var direction in new[] { "import", "export" })
        {
            units[$"energy_{direction}"] = "Wh";
            foreach (var phase in new[] { "l1", "l2", "l3" })
            {
                units[$"energy_{direction}_{phase}"] = "Wh";
            }
        }

        units["power"] = "W";
        foreach (var phase in new[] { "l1", "l2", "l3" })
        {
            units[$"power_{phase}"] = "W";
            units[$"voltage_{phase}"] = "V";
            units[$"current_{phase}"] = "A";
        }

        units["frequency"] = "Hz";
        units["power_factor"] = "1";
        return units;
    }
}
