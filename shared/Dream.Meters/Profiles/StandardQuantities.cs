namespace Dream.Meters.Profiles;

/// <summary>The quantity names every profile maps to, and the units each may be given in. Energy counters
/// are the meter's own registers (the legal values); power is positive when importing from the grid.</summary>
public static class StandardQuantities
{
    public static readonly IReadOnlyDictionary<string, string[]> Units = Build();

    public static bool IsEnergy(string name) => name.StartsWith("energy_", StringComparison.Ordinal);

    private static Dictionary<string, string[]> Build()
    {
        var units = new Dictionary<string, string[]>(StringComparer.Ordinal);
        string[] energy = ["kWh", "Wh"];
        string[] power = ["W", "kW"];
        foreach (var direction in new[] { "import", "export" })
        {
            units[$"energy_{direction}"] = energy;
            foreach (var phase in new[] { "l1", "l2", "l3" })
            {
                units[$"energy_{direction}_{phase}"] = energy;
            }
        }

        units["power"] = power;
        foreach (var phase in new[] { "l1", "l2", "l3" })
        {
            units[$"power_{phase}"] = power;
            units[$"voltage_{phase}"] = ["V"];
            units[$"current_{phase}"] = ["A"];
        }

        units["frequency"] = ["Hz"];
        units["power_factor"] = ["1"];
        return units;
    }
}
