using Dream.Transparency.Merkle;

namespace Dream.Transparency.Tiles;

/// <summary>
/// Reads the tree of a C2SP tiled log from its tiles, as a client does: a node at level <c>8·L + r</c> is hashed
/// from <c>2^r</c> hashes of a level-L tile. Proofs and roots of <see cref="MerkleProofs"/> then need no proof API.
/// A partial tile that is gone is read from its full tile (the first hashes are the same).
/// </summary>
public sealed class TileNodeReader : IMerkleNodeReader
{
    private const int CachedTiles = 64;

    private readonly Func<TileId, CancellationToken, Task<byte[]?>> _fetch;
    private readonly Dictionary<TileId, Sha256Hash[]> _cache = [];
    private readonly Queue<TileId> _order = new();

    /// <param name="treeSize">The size of a verified checkpoint: which tiles exist, and how wide the rightmost are.</param>
    /// <param name="fetch">Fetches a tile's bytes, or null when the log does not have it.</param>
    public TileNodeReader(long treeSize, Func<TileId, CancellationToken, Task<byte[]?>> fetch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(treeSize);
        ArgumentNullException.ThrowIfNull(fetch);
        Size = treeSize;
        _fetch = fetch;
    }

    public long Size { get; }

    public async ValueTask ReadNodesAsync(IReadOnlyList<NodeId> nodes, Memory<Sha256Hash> hashes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        for (var i = 0; i < nodes.Count; i++)
        {
            var hash = await ReadAsync(nodes[i], cancellationToken);
            hashes.Span[i] = hash;
        }
    }

    private async Task<Sha256Hash> ReadAsync(NodeId node, CancellationToken cancellationToken)
    {
        if (node.EndLeaf > Size)
        {
            throw new MerkleNodeNotFoundException(node);
        }

        var level = node.Level / 8;
        var below = node.Level % 8;
        var first = node.Index << below;
        var tile = await TileAsync(level, first / TileId.FullWidth, cancellationToken);
        var span = new Sha256Hash[1 << below];
        Array.Copy(tile, first % TileId.FullWidth, span, 0, span.Length);
        for (var width = span.Length; width > 1; width /= 2)
        {
            for (var j = 0; j < width / 2; j++)
            {
                span[j] = Rfc6962.HashChildren(span[2 * j], span[(2 * j) + 1]);
            }
        }

        return span[0];
    }

    private async Task<Sha256Hash[]> TileAsync(int level, long index, CancellationToken cancellationToken)
    {
        var width = (int)Math.Min(TileId.FullWidth, (Size >> (8 * level)) - (index * TileId.FullWidth));
        var id = TileId.Tile(level, index, width);
        if (_cache.TryGetValue(id, out var cached))
        {
            return cached;
        }

        var bytes = await _fetch(id, cancellationToken);
        if (bytes is null && id.IsPartial)
        {
            bytes = await _fetch(TileId.Tile(level, index), cancellationToken);
        }

        if (bytes is null || bytes.Length < width * Sha256Hash.Size || bytes.Length % Sha256Hash.Size != 0)
        {
            throw new MerkleProofException(MerkleProofError.InvalidSize, bytes is null
                ? $"The log does not serve {id}, which its checkpoint of size {Size} needs."
                : $"{id} is {bytes.Length} bytes, not {width} hashes of {Sha256Hash.Size} bytes.");
        }

        var hashes = new Sha256Hash[width];
        for (var i = 0; i < width; i++)
        {
            hashes[i] = Sha256Hash.FromBytes(bytes.AsSpan(i * Sha256Hash.Size, Sha256Hash.Size));
        }

        _cache[id] = hashes;
        _order.Enqueue(id);
        if (_order.Count > CachedTiles)
        {
            _cache.Remove(_order.Dequeue());
        }

        return hashes;
    }
}
