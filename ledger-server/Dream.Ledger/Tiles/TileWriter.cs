using Dream.Ledger.Storage;
using Dream.Transparency.Merkle;
using Dream.Transparency.Tiles;

namespace Dream.Ledger.Tiles;

/// <summary>
/// Writes the C2SP tlog-tiles of the log as files (<c>tiles/tile/&lt;L&gt;/&lt;N&gt;[.p/&lt;W&gt;]</c> and
/// <c>tiles/tile/entries/…</c> in the data directory) before each checkpoint is published, so every tile a
/// checkpoint needs exists when it is served, and audits read static files rather than the database. A file is
/// written to a temporary name, flushed to disk and renamed: a crash leaves a tile whole or absent, and an absent
/// one is written again. A partial tile is deleted once its full tile exists (clients then fetch the full one).
/// </summary>
public sealed class TileWriter
{
    private readonly ILedgerStore _store;
    private long _written;

    public TileWriter(ILedgerStore store, string directory)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        _store = store;
        Directory = directory;
    }

    /// <summary>The directory the tile paths are relative to (it holds <c>tile/</c>).</summary>
    public string Directory { get; }

    /// <summary>The file of <paramref name="tile"/>.</summary>
    public string FileOf(TileId tile) => Path.Combine(Directory, tile.ToPath());

    /// <summary>Writes every tile and entry bundle of the tree of <paramref name="treeSize"/> leaves that is not on disk yet.</summary>
    /// <remarks>The first call after a start checks every full tile from the beginning (writing those that are missing); later calls only the new ones.</remarks>
    public async Task WriteAsync(long treeSize, CancellationToken cancellationToken = default)
    {
        if (treeSize <= _written)
        {
            return;
        }

        for (var level = 0; 8 * level < 63 && (treeSize >> (8 * level)) > 0; level++)
        {
            var nodes = treeSize >> (8 * level);
            var from = (_written >> (8 * level)) / TileId.FullWidth;
            for (var n = from; n <= nodes / TileId.FullWidth; n++)
            {
                var width = (int)Math.Min(TileId.FullWidth, nodes - (n * TileId.FullWidth));
                if (width == 0)
                {
                    break;
                }

                await WriteTileAsync(TileId.Tile(level, n, width), cancellationToken);
                if (level == 0)
                {
                    await WriteTileAsync(TileId.Entries(n, width), cancellationToken);
                }
            }
        }

        _written = treeSize;
    }

    private async Task WriteTileAsync(TileId tile, CancellationToken cancellationToken)
    {
        var file = FileOf(tile);
        if (File.Exists(file))
        {
            return;
        }

        var bytes = tile.IsEntryBundle ? await BundleAsync(tile, cancellationToken) : await HashesAsync(tile, cancellationToken);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var temporary = file + ".tmp";
        await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            await stream.WriteAsync(bytes, cancellationToken);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, file, overwrite: true);
        if (!tile.IsPartial)
        {
            var partials = file + ".p";
            if (System.IO.Directory.Exists(partials))
            {
                System.IO.Directory.Delete(partials, recursive: true);
            }
        }
    }

    private async Task<byte[]> HashesAsync(TileId tile, CancellationToken cancellationToken)
    {
        var nodes = Enumerable.Range(0, tile.Width).Select(i => new NodeId(8 * tile.Level, tile.FirstNode + i)).ToArray();
        var hashes = new Sha256Hash[nodes.Length];
        await _store.ReadNodesAsync(nodes, hashes, cancellationToken);
        var bytes = new byte[nodes.Length * Sha256Hash.Size];
        for (var i = 0; i < hashes.Length; i++)
        {
            hashes[i].CopyTo(bytes.AsSpan(i * Sha256Hash.Size));
        }

        return bytes;
    }

    private async Task<byte[]> BundleAsync(TileId tile, CancellationToken cancellationToken)
    {
        var entries = await _store.ReadEntriesAsync(tile.FirstNode, tile.Width, cancellationToken);
        return EntryBundle.Encode([.. entries.Select(e => e.Data)]);
    }
}
