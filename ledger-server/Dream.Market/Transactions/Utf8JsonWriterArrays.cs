namespace Dream.Market.Transactions;

/// <summary>The one way a payload writes a list member: ids as strings, amounts as numbers, in their order.</summary>
internal static class Utf8JsonWriterArrays
{
    public static void WriteArray(this Utf8JsonWriter writer, string name, IReadOnlyList<string> items)
    {
        writer.WriteStartArray(name);
        foreach (var item in items)
        {
            writer.WriteStringValue(item);
        }

        writer.WriteEndArray();
    }

    public static void WriteArray(this Utf8JsonWriter writer, string name, IReadOnlyList<long> items)
    {
        writer.WriteStartArray(name);
        foreach (var item in items)
        {
            writer.WriteNumberValue(item);
        }

        writer.WriteEndArray();
    }
}
