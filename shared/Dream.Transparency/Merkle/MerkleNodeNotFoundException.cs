namespace Dream.Transparency.Merkle;

/// <summary>A proof asked a store for a node that it does not hold, usually a tree size beyond the log.</summary>
public sealed class MerkleNodeNotFoundException : Exception
{
    public MerkleNodeNotFoundException(NodeId node)
        : base($"The store holds no node {node} (leaves {node.FirstLeaf} to {node.EndLeaf - 1}).")
    {
        Node = node;
    }

    public NodeId Node { get; }
}
