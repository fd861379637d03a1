namespace Dream.Transparency.Merkle;

/// <summary>
/// Checks inclusion and consistency proofs with the RFC 9162 2.1.3.2 and 2.1.4.2 algorithms.
/// Every failure throws a <see cref="MerkleProofException"/> that says which check failed.
/// </summary>
public static class MerkleProofVerifier
{
    /// <summary>Checks that <paramref name="leafHash"/> is leaf <paramref name="index"/> of the tree of <paramref name="treeSize"/> leaves with <paramref name="root"/>.</summary>
    public static void VerifyInclusion(long index, long treeSize, Sha256Hash leafHash, IReadOnlyList<Sha256Hash> proof, Sha256Hash root)
    {
        var computed = RootFromInclusionProof(index, treeSize, leafHash, proof);
        if (computed != root)
        {
            throw new MerkleProofException(
                MerkleProofError.RootMismatch,
                $"The inclusion proof for leaf {index} computes root {computed.ToBase64()}, not {root.ToBase64()}.");
        }
    }

    /// <summary>The root that an inclusion proof leads to (RFC 9162 2.1.3.2 steps 1-5).</summary>
    public static Sha256Hash RootFromInclusionProof(long index, long treeSize, Sha256Hash leafHash, IReadOnlyList<Sha256Hash> proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (index < 0 || index >= treeSize)
        {
            throw new MerkleProofException(MerkleProofError.InvalidSize, $"Leaf index {index} is not in a tree of size {treeSize}.");
        }

        var expected = InclusionProofLength(index, treeSize);
        if (proof.Count != expected)
        {
            throw new MerkleProofException(
                MerkleProofError.WrongProofLength,
                $"An inclusion proof for leaf {index} of {treeSize} has {expected} hashes, not {proof.Count}.");
        }

        var fn = index;
        var sn = treeSize - 1;
        var r = leafHash;
        foreach (var p in proof)
        {
            if ((fn & 1) == 1 || fn == sn)
            {
                r = Rfc6962.HashChildren(p, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                r = Rfc6962.HashChildren(r, p);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return r;
    }

    /// <summary>Checks that the tree of <paramref name="size1"/> leaves with <paramref name="root1"/> is a prefix of the tree of <paramref name="size2"/> leaves with <paramref name="root2"/>.</summary>
    public static void VerifyConsistency(long size1, long size2, IReadOnlyList<Sha256Hash> proof, Sha256Hash root1, Sha256Hash root2)
    {
        ArgumentNullException.ThrowIfNull(proof);
        CheckConsistencySizes(size1, size2);
        if (size1 == size2)
        {
            if (proof.Count != 0)
            {
                throw new MerkleProofException(MerkleProofError.WrongProofLength, $"Trees of equal size {size1} need an empty proof, not {proof.Count} hashes.");
            }

            if (root1 != root2)
            {
                throw new MerkleProofException(MerkleProofError.RootMismatch, $"Two trees of size {size1} have different roots {root1.ToBase64()} and {root2.ToBase64()}.");
            }

            return;
        }

        var (computed1, computed2) = RootsFromConsistencyProof(size1, size2, proof, root1);
        if (computed1 != root1)
        {
            throw new MerkleProofException(MerkleProofError.RootMismatch, $"The consistency proof computes old root {computed1.ToBase64()}, not {root1.ToBase64()}.");
        }

        if (computed2 != root2)
        {
            throw new MerkleProofException(MerkleProofError.RootMismatch, $"The consistency proof computes new root {computed2.ToBase64()}, not {root2.ToBase64()}.");
        }
    }

    /// <summary>
    /// The wire-level form: hashes as raw bytes, as they come out of JSON or a test vector. Equal sizes
    /// compare the roots byte for byte; otherwise every hash must be 32 bytes.
    /// </summary>
    public static void VerifyConsistency(long size1, long size2, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root1, ReadOnlySpan<byte> root2)
    {
        ArgumentNullException.ThrowIfNull(proof);
        CheckConsistencySizes(size1, size2);
        if (size1 == size2)
        {
            if (proof.Count != 0)
            {
                throw new MerkleProofException(MerkleProofError.WrongProofLength, $"Trees of equal size {size1} need an empty proof, not {proof.Count} hashes.");
            }

            if (!root1.SequenceEqual(root2))
            {
                throw new MerkleProofException(MerkleProofError.RootMismatch, $"Two trees of size {size1} have different roots.");
            }

            return;
        }

        VerifyConsistency(size1, size2, ToHashes(proof), ToHash(root1, "old root"), ToHash(root2, "new root"));
    }

    /// <summary>The wire-level form of <see cref="VerifyInclusion(long, long, Sha256Hash, IReadOnlyList{Sha256Hash}, Sha256Hash)"/>.</summary>
    public static void VerifyInclusion(long index, long treeSize, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (index < 0 || index >= treeSize)
        {
            throw new MerkleProofException(MerkleProofError.InvalidSize, $"Leaf index {index} is not in a tree of size {treeSize}.");
        }

        VerifyInclusion(index, treeSize, ToHash(leafHash, "leaf hash"), ToHashes(proof), ToHash(root, "root"));
    }

    /// <summary>How many hashes the inclusion proof of leaf <paramref name="index"/> in a tree of <paramref name="treeSize"/> has.</summary>
    public static int InclusionProofLength(long index, long treeSize)
    {
        // The path has one hash per level where the leaf's and the last leaf's paths have split (inner),
        // plus one per set bit above that in the index (the border, where right siblings are missing).
        var last = treeSize - 1;
        var inner = 64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)(index ^ last));
        var border = System.Numerics.BitOperations.PopCount((ulong)(index >> inner));
        return inner + border;
    }

    private static void CheckConsistencySizes(long size1, long size2)
    {
        if (size1 < 0 || size2 < size1)
        {
            throw new MerkleProofException(MerkleProofError.InvalidSize, $"A tree of size {size1} cannot grow into one of size {size2}.");
        }

        if (size1 == 0)
        {
            throw new MerkleProofException(MerkleProofError.InvalidSize, "Every tree is consistent with the empty tree: a consistency proof from size 0 proves nothing.");
        }
    }

    // RFC 9162 2.1.4.2 steps 1-7; returns the two roots the proof leads to.
    private static (Sha256Hash Root1, Sha256Hash Root2) RootsFromConsistencyProof(long size1, long size2, IReadOnlyList<Sha256Hash> proof, Sha256Hash root1)
    {
        if (proof.Count == 0)
        {
            throw new MerkleProofException(MerkleProofError.WrongProofLength, $"A consistency proof from {size1} to {size2} cannot be empty.");
        }

        var path = new List<Sha256Hash>(proof.Count + 1);
        if (System.Numerics.BitOperations.IsPow2(size1))
        {
            path.Add(root1);
        }

        path.AddRange(proof);
        var fn = size1 - 1;
        var sn = size2 - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        var fr = path[0];
        var sr = path[0];
        for (var i = 1; i < path.Count; i++)
        {
            var c = path[i];
            if (sn == 0)
            {
                throw new MerkleProofException(MerkleProofError.WrongProofLength, $"The consistency proof from {size1} to {size2} is too long.");
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                fr = Rfc6962.HashChildren(c, fr);
                sr = Rfc6962.HashChildren(c, sr);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                sr = Rfc6962.HashChildren(sr, c);
            }

            fn >>= 1;
            sn >>= 1;
        }

        if (sn != 0)
        {
            throw new MerkleProofException(MerkleProofError.WrongProofLength, $"The consistency proof from {size1} to {size2} is too short.");
        }

        return (fr, sr);
    }

    private static Sha256Hash ToHash(ReadOnlySpan<byte> bytes, string what)
    {
        if (bytes.Length != Sha256Hash.Size)
        {
            throw new MerkleProofException(MerkleProofError.MalformedHash, $"The {what} is {bytes.Length} bytes, not {Sha256Hash.Size}.");
        }

        return Sha256Hash.FromBytes(bytes);
    }

    private static Sha256Hash[] ToHashes(IReadOnlyList<byte[]> proof)
    {
        var hashes = new Sha256Hash[proof.Count];
        for (var i = 0; i < hashes.Length; i++)
        {
            hashes[i] = ToHash(proof[i], $"proof hash {i}");
        }

        return hashes;
    }
}
