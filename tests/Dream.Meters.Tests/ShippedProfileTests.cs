namespace Dream.Meters.Tests;

public class ShippedProfileTests
{
    public static TheoryData<string> ProfileFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(RepositoryRoot.MeterProfiles, "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ProfileFiles))]
    public void Every_shipped_profile_is_valid(string file)
    {
        var path = Path.Combine(RepositoryRoot.MeterProfiles, file);
        var profile = ProfileJson.Parse(File.ReadAllText(path), path);
        Assert.Empty(ProfileValidator.Validate(profile));
        Assert.NotEmpty(profile.Sources);
        Assert.True(profile.MaxPowerW > 0);
        Assert.Equal((long)profile.MaxCurrentA * profile.NominalVoltageV * profile.Phases, profile.MaxPowerW);
        if (profile.SunSpec is null)
        {
            Assert.Contains(profile.Quantities, q => q.Name == "energy_import");
            Assert.Contains(profile.Quantities, q => q.Name == "power");
        }
    }

    [Fact]
    public void The_catalog_holds_every_model_the_issue_asks_for()
    {
        var catalog = ProfileCatalog.Load([RepositoryRoot.MeterProfiles]);
        string[] required =
        [
            "abb-b23", "abb-b24", "carlo-gavazzi-em24-e1", "carlo-gavazzi-em340",
            "eastron-sdm120", "eastron-sdm630", "eastron-sdm72d-m-v2", "sunspec-meter",
        ];
        Assert.Equal(required, catalog.All.Select(p => p.Id).ToArray());
        var sunSpec = catalog.Get("sunspec-meter").SunSpec!;
        Assert.Equal(new[] { 201, 202, 203, 204, 211, 212, 213, 214 }, sunSpec.Layouts.SelectMany(l => l.Models).Order().ToArray());
        Assert.Equal(new ushort[] { 40000, 50000, 0 }, sunSpec.Bases);
    }

    [Theory]
    [InlineData("abb-b23", 65 * 230 * 3)]
    [InlineData("eastron-sdm630", 100 * 230 * 3)]
    [InlineData("eastron-sdm120", 45 * 230)]
    public void The_maximum_power_is_the_rated_current_times_the_nominal_voltage_times_the_phases(string id, long expected)
    {
        var catalog = ProfileCatalog.Load([RepositoryRoot.MeterProfiles]);
        Assert.Equal(expected, catalog.Get(id).MaxPowerW);
    }

    [Fact]
    public void An_unknown_profile_id_lists_the_known_ones()
    {
        var catalog = ProfileCatalog.Load([RepositoryRoot.MeterProfiles]);
        var e = Assert.Throws<MeterProfileException>(() => catalog.Get("eastron-sdm999"));
        Assert.Contains("eastron-sdm630", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"unit\": \"Wh\"", "\"unit\": \"kWh\"", "energy_import: unit \"kWh\" is not Wh, the one unit of energy_import in every profile")]
    [InlineData("\"unit\": \"W\"", "\"unit\": \"kW\"", "power_l1: unit \"kW\" is not W")]
    [InlineData("\"energy_import\"", "\"energy_in\"", "not a standard quantity")]
    [InlineData("\"type\": \"float32\"", "\"type\": \"float33\"", "quantities[0].type")]
    [InlineData("\"wordOrder\": \"low-first\"", "\"wordOrdr\": \"low-first\"", "wordOrdr")]
    [InlineData("\"address\": \"0x0034\"", "\"address\": \"0x0000\"", "overlaps")]
    [InlineData("\"sources\": [", "\"sources\": [], \"x\": [", "x")]
    [InlineData("\"maxCurrentA\": 100,", "", "maxCurrentA is missing")]
    [InlineData("\"maxCurrentA\": 100,", "\"maxCurrentA\": -5,", "maxCurrentA is missing or not positive")]
    [InlineData("\"nominalVoltageV\": 230,", "\"nominalVoltageV\": 0,", "nominalVoltageV must be positive")]
    public void A_broken_profile_is_refused_with_the_problem_named(string find, string replace, string expected)
    {
        var file = find.Contains("low-first", StringComparison.Ordinal) || find.Contains("0x0034", StringComparison.Ordinal)
            ? "carlo-gavazzi-em340.json"
            : "eastron-sdm630.json";
        var path = Path.Combine(RepositoryRoot.MeterProfiles, file);
        var json = File.ReadAllText(path);
        Assert.Contains(find, json, StringComparison.Ordinal);
        var broken = ReplaceFirst(json, find, replace);
        var e = Assert.Throws<MeterProfileException>(() => ProfileJson.Parse(broken, path));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains(file, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_profile_dropped_into_a_directory_is_loaded_without_a_rebuild()
    {
        var dir = Directory.CreateTempSubdirectory("dream-profiles-");
        try
        {
            var json = File.ReadAllText(Path.Combine(RepositoryRoot.MeterProfiles, "eastron-sdm120.json"))
                .Replace("\"eastron-sdm120\"", "\"acme-m1\"", StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(dir.FullName, "acme-m1.json"), json);
            var catalog = ProfileCatalog.Load([RepositoryRoot.MeterProfiles, dir.FullName]);
            Assert.Equal("acme-m1", catalog.Get("acme-m1").Id);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string ReplaceFirst(string text, string find, string replace)
    {
        var i = text.IndexOf(find, StringComparison.Ordinal);
        return text[..i] + replace + text[(i + find.Length)..];
    }
}
