using Dream.Transparency.Merkle;

namespace Dream.Transparency.Api;

internal static class ProofEncoding
{
    public static Sha256Hash[] Decode(IReadOnlyList<string>? hashes)
    {
        if (hashes is null)
        {
            throw new MerkleProofException(MerkleProofError.MalformedHash, "The proof has no list of hashes.");
        }

        var decoded = new Sha256Hash[hashes.Count];
        for (var i = 0; i < decoded.Length; i++)
        {
            decoded[i] = Decode(hashes[i], $"proof hash {i}");
        }

        return decoded;
    }

    public static Sha256Hash Decode(string? base64, string what)
    {
        if (!Sha256Hash.TryFromBase64(base64, out var hash) || hash.ToBase64() != base64)
        {
            throw new MerkleProofException(MerkleProofError.MalformedHash, $"The {what} '{base64}' is not standard base64 of {Sha256Hash.Size} bytes.");
        }

        return hash;
    }
}
