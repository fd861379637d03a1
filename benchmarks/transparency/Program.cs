using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Dream.Transparency.Merkle;

// Measures the transparency log's tree against this machine's own ceiling, raw SHA-256 of a
// 65-byte node input and a 301-byte leaf input, measured in the same run: an append costs about two hashes (its leaf and,
// amortized, one interior node), a proof about log2(n) node reads and no hashing unless the tree's
// right edge is ragged.
var leaves = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
var proofs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200_000;
Console.WriteLine($"transparency log benchmark: {leaves:N0} leaves, {proofs:N0} proofs, {Environment.ProcessorCount} cores");

var hashesPerSecond = MeasureRawSha256(65);
var leafHashesPerSecond = MeasureRawSha256(301);

// The most a single core could append: one 301-byte leaf hash plus, amortized, one 65-byte node hash.
var ceilingAppendsPerSecond = 1 / ((1 / leafHashesPerSecond) + (1 / hashesPerSecond));
Console.WriteLine($"raw SHA-256 of 65 bytes (one interior node):    {hashesPerSecond,14:N0} hashes/s");
Console.WriteLine($"raw SHA-256 of 301 bytes (one leaf):            {leafHashesPerSecond,14:N0} hashes/s");
Console.WriteLine($"ceiling: one leaf + one node hash per append:   {ceilingAppendsPerSecond,14:N0} appends/s");

var entries = new byte[leaves][];
var random = new Random(42);
for (var i = 0; i < leaves; i++)
{
    // About the size of a signed interval reading envelope.
    entries[i] = new byte[300];
    random.NextBytes(entries[i]);
}

var tree = new InMemoryMerkleTree();
var clock = Stopwatch.StartNew();
foreach (var entry in entries)
{
    tree.Append(entry);
}

var appendsPerSecond = leaves / clock.Elapsed.TotalSeconds;
Console.WriteLine($"append 300-byte entries (leaf hash + nodes):     {appendsPerSecond,14:N0} appends/s");

var leafHashes = new Sha256Hash[leaves];
for (var i = 0; i < leaves; i++)
{
    leafHashes[i] = tree.LeafHash(i);
}

var frontier = new CompactRange();
var completed = new List<MerkleNode>(64);
clock.Restart();
var root = Rfc6962.EmptyRoot;
foreach (var leafHash in leafHashes)
{
    completed.Clear();
    frontier.Append(leafHash, completed);
    root = frontier.Root();
}

var frontierPerSecond = leaves / clock.Elapsed.TotalSeconds;
if (root != tree.Root())
{
    throw new InvalidOperationException("The frontier and the tree disagree on the root.");
}

Console.WriteLine($"compact range append + new root every append:    {frontierPerSecond,14:N0} appends/s");

var indices = new long[proofs];
for (var i = 0; i < proofs; i++)
{
    indices[i] = random.NextInt64(leaves);
}

var size = (long)leaves;
clock.Restart();
var proofHashes = 0L;
foreach (var index in indices)
{
    proofHashes += tree.InclusionProof(index, size).Length;
}

var inclusionPerSecond = proofs / clock.Elapsed.TotalSeconds;
Console.WriteLine($"inclusion proofs at size {size:N0} ({proofHashes / (double)proofs:F1} hashes each): {inclusionPerSecond,10:N0} proofs/s");

var sample = tree.InclusionProof(indices[0], size);
var treeRoot = tree.Root();
var verifications = Math.Min(proofs, 50_000);
clock.Restart();
for (var i = 0; i < verifications; i++)
{
    MerkleProofVerifier.VerifyInclusion(indices[0], size, leafHashes[indices[0]], sample, treeRoot);
}

var verifiesPerSecond = verifications / clock.Elapsed.TotalSeconds;
Console.WriteLine($"inclusion proof verifications:                   {verifiesPerSecond,14:N0} verifies/s");

clock.Restart();
var consistencyCount = Math.Min(proofs, 100_000);
for (var i = 0; i < consistencyCount; i++)
{
    _ = tree.ConsistencyProof(1 + indices[i] % (size - 1), size);
}

var consistencyPerSecond = consistencyCount / clock.Elapsed.TotalSeconds;
Console.WriteLine($"consistency proofs to size {size:N0}:              {consistencyPerSecond,14:N0} proofs/s");

// The machine is shared, so the ceiling is measured again after the tree work and the better run kept.
hashesPerSecond = Math.Max(hashesPerSecond, MeasureRawSha256(65));
leafHashesPerSecond = Math.Max(leafHashesPerSecond, MeasureRawSha256(301));
ceilingAppendsPerSecond = 1 / ((1 / leafHashesPerSecond) + (1 / hashesPerSecond));
Console.WriteLine($"ceiling, best of two measurements:              {ceilingAppendsPerSecond,14:N0} appends/s");
Console.WriteLine($"RESULT sha256_node_hashes_per_s={hashesPerSecond:F0}");
Console.WriteLine($"RESULT sha256_leaf_hashes_per_s={leafHashesPerSecond:F0}");
Console.WriteLine($"RESULT ceiling_appends_per_s={ceilingAppendsPerSecond:F0}");
Console.WriteLine($"RESULT leaves={leaves}");
Console.WriteLine($"RESULT appends_per_s={appendsPerSecond:F0}");
Console.WriteLine($"RESULT appends_vs_ceiling={appendsPerSecond / ceilingAppendsPerSecond:F2}");
Console.WriteLine($"RESULT compact_range_append_with_root_per_s={frontierPerSecond:F0}");
Console.WriteLine($"RESULT inclusion_proofs_per_s={inclusionPerSecond:F0}");
Console.WriteLine($"RESULT inclusion_verifies_per_s={verifiesPerSecond:F0}");
Console.WriteLine($"RESULT consistency_proofs_per_s={consistencyPerSecond:F0}");

static double MeasureRawSha256(int inputLength)
{
    Span<byte> input = stackalloc byte[inputLength];
    Span<byte> digest = stackalloc byte[32];
    input[0] = 1;
    for (var i = 0; i < 100_000; i++)
    {
        SHA256.HashData(input, digest);
    }

    var count = 0L;
    var clock = Stopwatch.StartNew();
    while (clock.ElapsedMilliseconds < 1500)
    {
        for (var i = 0; i < 10_000; i++)
        {
            SHA256.HashData(input, digest);
            digest[..32].CopyTo(input[1..]);
        }

        count += 10_000;
    }

    return count / clock.Elapsed.TotalSeconds;
}
