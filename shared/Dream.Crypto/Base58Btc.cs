namespace Dream.Crypto;

/// <summary>Base58 with the Bitcoin alphabet, as multibase 'z' uses it.</summary>
public static class Base58Btc
{
    private const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    private static readonly sbyte[] s_index = BuildIndex();

    public static string Encode(ReadOnlySpan<byte> data)
    {
        var zeros = 0;
        while (zeros < data.Length && data[zeros] == 0)
        {
            zeros++;
        }

        // log(256)/log(58) ~ 1.37: enough base-58 digits for any input.
        var digits = new byte[(data.Length - zeros) * 138 / 100 + 1];
        var length = 0;
        for (var i = zeros; i < data.Length; i++)
        {
            int carry = data[i];
            var j = 0;
            for (; j < length || carry != 0; j++)
            {
                carry += 256 * digits[j];
                digits[j] = (byte)(carry % 58);
                carry /= 58;
            }

            length = j;
        }

        var chars = new char[zeros + length];
        chars.AsSpan(0, zeros).Fill('1');
        for (var k = 0; k < length; k++)
        {
            chars[zeros + k] = Alphabet[digits[length - 1 - k]];
        }

        return new string(chars);
    }

    /// <summary>Decodes; throws <see cref="FormatException"/> naming the first character outside the alphabet.</summary>
    public static byte[] Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var zeros = 0;
        while (zeros < text.Length && text[zeros] == '1')
        {
            zeros++;
        }

        var bytes = new byte[(text.Length - zeros) * 733 / 1000 + 1];
        var length = 0;
        for (var i = zeros; i < text.Length; i++)
        {
            var c = text[i];
            var value = c < 128 ? s_index[c] : -1;
            if (value < 0)
            {
                throw new FormatException($"'{c}' at position {i} is not a base58btc character.");
            }

            int carry = value;
            var j = 0;
            for (; j < length || carry != 0; j++)
            {
                carry += 58 * bytes[j];
                bytes[j] = (byte)(carry & 0xFF);
                carry >>= 8;
            }

            length = j;
        }

        var result = new byte[zeros + length];
        for (var k = 0; k < length; k++)
        {
            result[zeros + k] = bytes[length - 1 - k];
        }

        return result;
    }

    private static sbyte[] BuildIndex()
    {
        var index = new sbyte[128];
        Array.Fill(index, (sbyte)-1);
        for (var i = 0; i < Alphabet.Length; i++)
        {
            index[Alphabet[i]] = (sbyte)i;
        }

        return index;
    }
}
