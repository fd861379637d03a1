namespace Dream.Demo.Grid;

/// <summary>Who takes part in the demo's grid day, and which meter each owner has.</summary>
internal static class GridCast
{
    public static readonly (string Name, string Role)[] Traders =
    [
        ("Northgrid Power", "power-company"),
        ("Ana Prosumer", "prosumer"),
        ("Ben Prosumer", "prosumer"),
        ("Sunfield Coop", "producer"),
        ("Carla Consumer", "consumer"),
        ("Dev Consumer", "consumer"),
    ];

    /// <summary>Meter id, owner name, and the simulated physics behind it.</summary>
    public static readonly (string Owner, MeterSpec Spec)[] Meters =
    [
        ("Ana Prosumer", new MeterSpec("ana-roof", "eastron-sdm630", PvKwp: 6, BaseLoadW: 300, SerialNumber: "63000101")),
        ("Ben Prosumer", new MeterSpec("ben-roof", "abb-b23", PvKwp: 3, BaseLoadW: 400, SerialNumber: "23000202")),
        ("Sunfield Coop", new MeterSpec("sunfield", "sunspec-meter", PvKwp: 20, BaseLoadW: 100, SerialNumber: "50000303")),
        ("Carla Consumer", new MeterSpec("carla-home", "carlo-gavazzi-em340", PvKwp: 0, BaseLoadW: 500, SerialNumber: "34000404")),
        ("Dev Consumer", new MeterSpec("dev-flat", "eastron-sdm120", PvKwp: 0, BaseLoadW: 250, SerialNumber: "12000505")),
    ];

    /// <summary>The prosumer who promises more than its roof gives (the demo's broken promise).</summary>
    public const string UnderDeliverer = "Ben Prosumer";
}
