namespace Dream.Serial;

public enum Parity
{
    None,
    Even,
    Odd,
}
