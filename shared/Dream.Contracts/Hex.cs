using System.Buffers;
using System.Security.Cryptography;

namespace Dream.Contracts;

/// <summary>Lowercase hex SHA-256 digests, as the formats spell them.</summary>
public static class Hex
{
    private static readonly SearchValues<char> s_lowerHex = SearchValues.Create("0123456789abcdef");

    public static string Sha256(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    public static bool IsSha256(string? text) => text is { Length: 64 } && !text.AsSpan().ContainsAnyExcept(s_lowerHex);
}
