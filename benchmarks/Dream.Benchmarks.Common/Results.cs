namespace Dream.Benchmarks.Common;

/// <summary>The <c>RESULT name=value</c> lines that benchmarks/run collects into its summary.</summary>
public static class Results
{
    public static void Print(string name, double value, int decimals = 0) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT {name}={value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)}"));
}
