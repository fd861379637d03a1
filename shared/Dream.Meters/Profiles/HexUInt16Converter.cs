using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dream.Meters.Profiles;

/// <summary>Register addresses as a number or as a "0x5B00" string, as vendor manuals print them.</summary>
public sealed class HexUInt16Converter : JsonConverter<ushort>
{
    public override ushort Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.GetUInt16();
        }

        var text = reader.GetString() ?? throw new JsonException("An address is a number or a 0x hex string.");
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            && ushort.TryParse(text.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex))
        {
            return hex;
        }

        if (ushort.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        throw new JsonException($"\"{text}\" is not a register address (0 to 65535, or 0x0000 to 0xFFFF).");
    }

    public override void Write(Utf8JsonWriter writer, ushort value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(value);
    }
}
