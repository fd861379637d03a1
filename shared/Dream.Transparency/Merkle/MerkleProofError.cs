namespace Dream.Transparency.Merkle;

/// <summary>Why a Merkle proof was rejected.</summary>
public enum MerkleProofError
{
    /// <summary>The index or sizes are impossible (index beyond the tree, a tree that shrank, a proof from the empty tree).</summary>
    InvalidSize,

    /// <summary>The proof has more or fewer hashes than the sizes call for.</summary>
    WrongProofLength,

    /// <summary>A hash in the proof, or the leaf hash, is not 32 bytes.</summary>
    MalformedHash,

    /// <summary>The proof computes a different root than the one claimed: the log is not what it says.</summary>
    RootMismatch,

    /// <summary>The entry does not hash to the leaf hash the proof is for.</summary>
    LeafMismatch,
}
