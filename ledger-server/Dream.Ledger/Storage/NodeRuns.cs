using Dream.Transparency.Merkle;

namespace Dream.Ledger.Storage;

/// <summary>
/// Splits a node request (a tile's 256 hashes, a proof's neighbours) into runs of consecutive nodes of one level, so a
/// store reads each run with one range query instead of one query per node.
/// </summary>
public static class NodeRuns
{
    /// <summary>The end (exclusive) of the run that starts at <paramref name="start"/>.</summary>
    public static int End(IReadOnlyList<NodeId> nodes, int start)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var end = start + 1;
        while (end < nodes.Count && nodes[end].Level == nodes[start].Level && nodes[end].Index == nodes[end - 1].Index + 1)
        {
            end++;
        }

        return end;
    }

    /// <summary>Throws for the first node of the run the store did not have (<paramref name="next"/> &lt; <paramref name="end"/>).</summary>
    /// <exception cref="MerkleNodeNotFoundException">A node of the run is not stored.</exception>
    public static void CheckFilled(IReadOnlyList<NodeId> nodes, int next, int end)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        if (next < end)
        {
            throw new MerkleNodeNotFoundException(nodes[next]);
        }
    }
}
