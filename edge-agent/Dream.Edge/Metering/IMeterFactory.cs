using Dream.Edge.Configuration;

namespace Dream.Edge.Metering;

/// <summary>Opens a configured meter (Modbus through its profile, or S0 pulses).</summary>
public interface IMeterFactory
{
    IMeter Create(MeterOptions meter, MeterContext context);
}
