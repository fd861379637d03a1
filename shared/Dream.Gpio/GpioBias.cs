namespace Dream.Gpio;

/// <summary>The line's internal bias resistor. An S0 open-collector output needs a pull-up.</summary>
public enum GpioBias
{
    AsIs,
    PullUp,
    PullDown,
    Disabled,
}
