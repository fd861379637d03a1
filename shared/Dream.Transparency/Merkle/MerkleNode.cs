namespace Dream.Transparency.Merkle;

/// <summary>A perfect subtree and its hash, as a store writes it.</summary>
public readonly record struct MerkleNode(NodeId Id, Sha256Hash Hash);
