using System.Text.RegularExpressions;

namespace Dream.Meters.Profiles;

/// <summary>Checks a profile for everything a loader cannot: names, units, overlaps, sizes, sources.</summary>
public static partial class ProfileValidator
{
    public static IReadOnlyList<string> Validate(MeterProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var problems = new List<string>();
        if (!IdPattern().IsMatch(profile.Id))
        {
            problems.Add($"Id \"{profile.Id}\" must be lowercase vendor-model (letters, digits, dashes).");
        }

        if (profile.SourceFile is string file && Path.GetFileNameWithoutExtension(file) != profile.Id)
        {
            problems.Add($"The file of profile \"{profile.Id}\" must be named {profile.Id}.json.");
        }

        if (profile.Sources.Count == 0)
        {
            problems.Add("Sources are missing: say where the register facts come from.");
        }

        if (profile.MaxRegistersPerRequest is < 1 or > 125)
        {
            problems.Add("maxRegistersPerRequest must be 1 to 125.");
        }

        if (profile.Phases is not (1 or 3))
        {
            problems.Add("phases must be 1 or 3.");
        }

        if (profile.MaxCurrentA <= 0)
        {
            problems.Add("maxCurrentA is missing or not positive: give the meter's maximum current per phase in A (its rating, e.g. 65 for a 5(65) A meter).");
        }

        if (profile.NominalVoltageV <= 0)
        {
            problems.Add("nominalVoltageV must be positive (line-to-neutral volts; default 230).");
        }

        if (profile.Serial.Parity is not ("N" or "E" or "O") || profile.Serial.StopBits is not (1 or 2) || profile.Serial.Unit is < 1 or > 247)
        {
            problems.Add("serial: parity is N, E or O; stopBits 1 or 2; unit 1 to 247.");
        }

        var hasSunSpec = profile.SunSpec is not null;
        if (hasSunSpec == profile.Quantities.Count > 0)
        {
            problems.Add("A profile has either quantities or a sunspec section, not both and not neither.");
        }

        if (!hasSunSpec && profile.Identify.Count == 0)
        {
            problems.Add("identify is empty: a scan could not recognize this model.");
        }

        foreach (var probe in profile.Identify)
        {
            CheckFunction(problems, probe.Function, $"identify probe at {probe.Address}");
            if (probe.Type == DataType.Ascii ? probe.Length < 1 || probe.StartsWith is null : probe.ExpectedValue is null && probe.Min is null && probe.Max is null)
            {
                problems.Add($"Identify probe at {probe.Address} tests nothing (give equals, min/max, or for ascii a length and startsWith).");
            }
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var occupied = new Dictionary<(byte, int), string>();
        foreach (var q in profile.Quantities)
        {
            CheckQuantity(problems, q.Name, q.Unit, q.Type, names);
            CheckFunction(problems, q.Function, q.Name);
            if (q.Scale == 0)
            {
                problems.Add($"{q.Name}: scale must not be zero.");
            }

            var count = DataTypes.RegisterCount(q.Type);
            if (q.Address + count > 0x10000)
            {
                problems.Add($"{q.Name}: registers run past 65535.");
            }

            for (var a = q.Address; a < q.Address + count; a++)
            {
                if (occupied.TryGetValue((q.Function, a), out var other))
                {
                    problems.Add($"{q.Name} overlaps {other} at register {a}.");
                    break;
                }

                occupied[(q.Function, a)] = q.Name;
            }
        }

        if (profile.SunSpec is SunSpecDefinition sunSpec)
        {
            if (sunSpec.Bases.Count == 0 || sunSpec.Layouts.Count == 0)
            {
                problems.Add("sunspec needs bases and layouts.");
            }

            foreach (var layout in sunSpec.Layouts)
            {
                var layoutNames = new HashSet<string>(StringComparer.Ordinal);
                foreach (var q in layout.Quantities)
                {
                    CheckQuantity(problems, q.Name, q.Unit, q.Type, layoutNames);
                    if (q.Offset < 2 || q.Offset + DataTypes.RegisterCount(q.Type) > layout.Length + 2)
                    {
                        problems.Add($"SunSpec {q.Name}: offset {q.Offset} lies outside a model of length {layout.Length}.");
                    }
                }
            }
        }

        return problems;
    }

    private static void CheckQuantity(List<string> problems, string name, string unit, DataType type, HashSet<string> names)
    {
        if (!StandardQuantities.Units.TryGetValue(name, out var standard))
        {
            problems.Add($"\"{name}\" is not a standard quantity name ({string.Join(", ", StandardQuantities.Units.Keys)}).");
        }
        else if (unit != standard)
        {
            problems.Add($"{name}: unit \"{unit}\" is not {standard}, the one unit of {name} in every profile; convert with the scale (e.g. a register in 0.01 kWh steps is scale 10 in Wh, a float in kWh scale 1000).");
        }

        if (!names.Add(name))
        {
            problems.Add($"{name} is defined twice.");
        }

        if (type == DataType.Ascii)
        {
            problems.Add($"{name}: a quantity is a number, not ascii.");
        }
    }

    private static void CheckFunction(List<string> problems, byte function, string what)
    {
        if (function is not (3 or 4))
        {
            problems.Add($"{what}: function must be 3 (holding) or 4 (input registers).");
        }
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)+$")]
    private static partial Regex IdPattern();
}
