namespace Dream.Transparency.Tests;

public sealed class ProofGenerationTests
{
    // The roots of the first 1..8 RFC 6962 test leaves, as published with the RFC 6962 reference tests.
    private static readonly string[] Rfc6962Roots =
    [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    [Fact]
    public void Hashes_match_rfc6962_definitions()
    {
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Rfc6962.EmptyRoot.ToHex());
        Assert.Equal("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", Rfc6962.HashLeaf([]).ToHex());
        var big = new byte[5000];
        big[4999] = 7;
        Assert.Equal(Sha256Hash.Compute([0x00, .. big]), Rfc6962.HashLeaf(big));
        var left = Rfc6962.HashLeaf([1]);
        var right = Rfc6962.HashLeaf([2]);
        Assert.Equal(Sha256Hash.Compute([0x01, .. left.ToArray(), .. right.ToArray()]), Rfc6962.HashChildren(left, right));
    }

    [Fact]
    public void Hash_base64_is_canonical_and_exactly_32_bytes()
    {
        var hash = Rfc6962.HashLeaf("x"u8);
        Assert.Equal(hash, Sha256Hash.FromBase64(hash.ToBase64()));
        Assert.Equal(44, hash.ToBase64().Length);
        var text = Rfc6962.EmptyRoot.ToBase64();
        Assert.Equal("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", text);
        foreach (var bad in new[] { "", " " + text, text + "\n", text.TrimEnd('='), "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFV=", "AAAA", Convert.ToBase64String(new byte[33]) })
        {
            Assert.False(Sha256Hash.TryFromBase64(bad, out _), bad);
            Assert.Throws<FormatException>(() => Sha256Hash.FromBase64(bad));
        }

        Assert.Throws<ArgumentException>(() => Sha256Hash.FromBytes(new byte[31]));
        Assert.True(Rfc6962.EmptyRoot == Sha256Hash.FromBase64(text));
        Assert.True(Rfc6962.EmptyRoot != hash);
    }

    [Fact]
    public void Roots_of_the_rfc6962_test_tree_match_the_published_roots()
    {
        var tree = new InMemoryMerkleTree();
        Assert.Equal(Rfc6962.EmptyRoot, tree.Root());
        for (var i = 0; i < ReferenceTree.Rfc6962Leaves.Length; i++)
        {
            tree.Append(ReferenceTree.Rfc6962Leaves[i]);
            Assert.Equal(Rfc6962Roots[i], tree.Root().ToHex());
        }

        for (var size = 1; size <= 8; size++)
        {
            Assert.Equal(Rfc6962Roots[size - 1], tree.RootAt(size).ToHex());
        }
    }

    [Fact]
    public void Generated_proofs_equal_the_happy_path_vectors()
    {
        var tree = new InMemoryMerkleTree();
        foreach (var leaf in ReferenceTree.Rfc6962Leaves)
        {
            tree.Append(leaf);
        }

        var compared = 0;
        foreach (var v in MerkleVectors.HappyPathFiles("inclusion").Select(InclusionVector.Load))
        {
            Assert.Equal(Convert.ToBase64String(v.Root), tree.RootAt(v.TreeSize).ToBase64());
            Assert.Equal(Convert.ToBase64String(v.LeafHash), tree.LeafHash(v.Index).ToBase64());
            Assert.Equal(v.Proof.Select(Convert.ToBase64String), tree.InclusionProof(v.Index, v.TreeSize).Select(h => h.ToBase64()));
            compared++;
        }

        foreach (var v in MerkleVectors.HappyPathFiles("consistency").Select(ConsistencyVector.Load))
        {
            Assert.Equal(Convert.ToBase64String(v.Root1), tree.RootAt(v.Size1).ToBase64());
            Assert.Equal(Convert.ToBase64String(v.Root2), tree.RootAt(v.Size2).ToBase64());
            Assert.Equal(v.Proof.Select(Convert.ToBase64String), tree.ConsistencyProof(v.Size1, v.Size2).Select(h => h.ToBase64()));
            compared++;
        }

        Assert.Equal(10, compared);
    }

    [Fact]
    public void Every_inclusion_proof_up_to_70_leaves_equals_the_rfc_recursion_and_verifies()
    {
        var (tree, leaves) = RandomTree(70, seed: 1);
        for (var size = 1; size <= leaves.Count; size++)
        {
            var root = ReferenceTree.Mth(leaves, 0, size);
            Assert.Equal(root, tree.RootAt(size));
            for (var index = 0; index < size; index++)
            {
                var proof = tree.InclusionProof(index, size);
                Assert.Equal(ReferenceTree.Path(leaves, index, 0, size), proof);
                Assert.Equal(MerkleProofVerifier.InclusionProofLength(index, size), proof.Length);
                MerkleProofVerifier.VerifyInclusion(index, size, leaves[index], proof, root);
            }
        }
    }

    [Fact]
    public void Every_consistency_proof_up_to_50_leaves_equals_the_rfc_recursion_and_verifies()
    {
        var (tree, leaves) = RandomTree(50, seed: 2);
        for (var size2 = 1; size2 <= leaves.Count; size2++)
        {
            var root2 = ReferenceTree.Mth(leaves, 0, size2);
            for (var size1 = 1; size1 <= size2; size1++)
            {
                var proof = tree.ConsistencyProof(size1, size2);
                Assert.Equal(ReferenceTree.Proof(leaves, size1, size2), proof);
                MerkleProofVerifier.VerifyConsistency(size1, size2, proof, ReferenceTree.Mth(leaves, 0, size1), root2);
            }
        }
    }

    [Fact]
    public void Random_proofs_in_a_tree_of_1025_leaves_equal_the_rfc_recursion()
    {
        var (tree, leaves) = RandomTree(1025, seed: 6);
        var random = new Random(7);
        for (var i = 0; i < 200; i++)
        {
            var size = random.Next(1, 1026);
            var index = random.Next(0, size);
            Assert.Equal(ReferenceTree.Path(leaves, index, 0, size), tree.InclusionProof(index, size));

            var size1 = random.Next(1, size + 1);
            var proof = tree.ConsistencyProof(size1, size);
            Assert.Equal(ReferenceTree.Proof(leaves, size1, size), proof);
            MerkleProofVerifier.VerifyConsistency(size1, size, proof, tree.RootAt(size1), tree.RootAt(size));
        }
    }

    [Fact]
    public void Any_flipped_bit_or_wrong_position_in_a_proof_is_rejected()
    {
        var (tree, leaves) = RandomTree(37, seed: 3);
        var root = tree.Root();
        var proof = tree.InclusionProof(21, 37);
        for (var i = 0; i < proof.Length; i++)
        {
            var bytes = proof[i].ToArray();
            bytes[i % 32] ^= 0x10;
            var broken = (Sha256Hash[])proof.Clone();
            broken[i] = Sha256Hash.FromBytes(bytes);
            var error = Assert.Throws<MerkleProofException>(() => MerkleProofVerifier.VerifyInclusion(21, 37, leaves[21], broken, root));
            Assert.Equal(MerkleProofError.RootMismatch, error.Error);
        }

        Assert.Equal(MerkleProofError.RootMismatch, Assert.Throws<MerkleProofException>(() => MerkleProofVerifier.VerifyInclusion(20, 37, leaves[21], proof, root)).Error);
        Assert.Equal(MerkleProofError.WrongProofLength, Assert.Throws<MerkleProofException>(() => MerkleProofVerifier.VerifyInclusion(21, 37, leaves[21], proof[1..], root)).Error);
        Assert.Equal(MerkleProofError.InvalidSize, Assert.Throws<MerkleProofException>(() => MerkleProofVerifier.VerifyInclusion(37, 37, leaves[21], proof, root)).Error);

        var consistency = tree.ConsistencyProof(13, 37);
        var oldRoot = tree.RootAt(13);
        for (var i = 0; i < consistency.Length; i++)
        {
            var bytes = consistency[i].ToArray();
            bytes[31 - i] ^= 0x01;
            var broken = (Sha256Hash[])consistency.Clone();
            broken[i] = Sha256Hash.FromBytes(bytes);
            Assert.Throws<MerkleProofException>(() => MerkleProofVerifier.VerifyConsistency(13, 37, broken, oldRoot, root));
        }

        Assert.Equal(MerkleProofError.RootMismatch, Assert.Throws<MerkleProofException>(() => MerkleProofVerifier.VerifyConsistency(13, 37, consistency, tree.RootAt(12), root)).Error);
        Assert.Equal(MerkleProofError.InvalidSize, Assert.Throws<MerkleProofException>(() => MerkleProofVerifier.VerifyConsistency(37, 13, consistency, root, oldRoot)).Error);
    }

    [Fact]
    public async Task A_store_serves_the_same_roots_and_proofs_and_a_frontier_reloads_from_it()
    {
        var (tree, leaves) = RandomTree(1000, seed: 4);
        Assert.Equal(ReferenceTree.Mth(leaves, 0, 1000), await MerkleProofs.RootAsync(tree, 1000));
        Assert.Equal(Rfc6962.EmptyRoot, await MerkleProofs.RootAsync(tree, 0));
        Assert.Equal(tree.InclusionProof(617, 999), await MerkleProofs.InclusionAsync(tree, 617, 999));
        Assert.Equal(tree.ConsistencyProof(300, 1000), await MerkleProofs.ConsistencyAsync(tree, 300, 1000));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await MerkleProofs.InclusionAsync(tree, 5, 1001));

        // A writer that restarts at size 777 reloads its frontier from the store and carries on identically.
        var frontier = await CompactRange.LoadAsync(tree, 777);
        Assert.Equal(tree.RootAt(777), frontier.Root());
        var completed = new List<MerkleNode>();
        for (var i = 777; i < 1000; i++)
        {
            completed.Clear();
            frontier.Append(leaves[i], completed);
            Assert.Equal(new NodeId(0, i), completed[0].Id);
            foreach (var node in completed)
            {
                Assert.Equal(ReferenceTree.Mth(leaves, (int)node.Id.FirstLeaf, (int)node.Id.EndLeaf), node.Hash);
            }
        }

        Assert.Equal(tree.Root(), frontier.Root());
        Assert.Equal(1000, frontier.Size);
    }

    [Fact]
    public async Task Asking_for_nodes_beyond_the_tree_is_a_specific_error()
    {
        var (tree, _) = RandomTree(5, seed: 5);
        var hashes = new Sha256Hash[1];
        var error = await Assert.ThrowsAsync<MerkleNodeNotFoundException>(async () => await tree.ReadNodesAsync([new NodeId(1, 2)], hashes));
        Assert.Equal(new NodeId(1, 2), error.Node);
        Assert.Throws<ArgumentOutOfRangeException>(() => ProofPlanner.Consistency(0, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => ProofPlanner.Inclusion(5, 5));
    }

    private static (InMemoryMerkleTree Tree, List<Sha256Hash> Leaves) RandomTree(int size, int seed)
    {
        var random = new Random(seed);
        var tree = new InMemoryMerkleTree();
        var leaves = new List<Sha256Hash>();
        for (var i = 0; i < size; i++)
        {
            var entry = new byte[random.Next(0, 40)];
            random.NextBytes(entry);
            leaves.Add(Rfc6962.HashLeaf(entry));
            Assert.Equal(i, tree.Append(entry));
        }

        return (tree, leaves);
    }
}
