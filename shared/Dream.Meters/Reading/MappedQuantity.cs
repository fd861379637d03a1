using Dream.Meters.Polling;

namespace Dream.Meters.Reading;

/// <summary>A quantity at an absolute address on one device (a SunSpec profile resolved at run time included).</summary>
public sealed record MappedQuantity(
    string Name,
    string Unit,
    byte Function,
    ushort Address,
    DataType Type,
    WordOrder WordOrder,
    decimal Scale,
    ushort? ScaleFactorAddress,
    IReadOnlyList<ulong> NotAvailable)
{
    public RegisterSpan Span => new(Function, Address, DataTypes.RegisterCount(Type));

    public RegisterSpan? ScaleFactorSpan => ScaleFactorAddress is ushort sf ? new RegisterSpan(Function, sf, 1) : null;

    public static MappedQuantity From(QuantityDefinition q)
    {
        ArgumentNullException.ThrowIfNull(q);
        return new(q.Name, q.Unit, q.Function, q.Address, q.Type, q.WordOrder, q.Scale, q.ScaleFactorAddress, q.NotAvailable);
    }
}
