using Dream.Transparency.Tiles;

namespace Dream.Transparency.Tests.Tiles;

/// <summary>C2SP tlog-tiles: the paths and tile inventories of the spec's examples, entry bundles, and proofs computed from tiles alone.</summary>
public sealed class TileTests
{
    [Theory]
    [InlineData(0L, "000")]
    [InlineData(255L, "255")]
    [InlineData(1000L, "x001/000")]
    [InlineData(1234067L, "x001/x234/067")]
    public void Indexes_are_zero_padded_groups_of_three_with_x_prefixes(long index, string encoded)
    {
        Assert.Equal(encoded, TileId.EncodeIndex(index));
        Assert.True(TileId.TryParse($"tile/3/{encoded}", out var tile));
        Assert.Equal((3, index, 256), (tile.Level, tile.Index, tile.Width));
    }

    [Fact]
    public void A_tree_of_70000_has_the_tiles_the_spec_lists()
    {
        // "273 full level 0 tiles, one partial level 0 tile of width 112, one full level 1 tile, one partial
        // level 1 tile of width 17, and one partial level 2 tile of width 1."
        var tiles = TileId.TilesOf(70_000).ToList();
        Assert.Equal(273, tiles.Count(t => t.Level == 0 && !t.IsPartial));
        Assert.Equal([112], tiles.Where(t => t.Level == 0 && t.IsPartial).Select(t => t.Width));
        Assert.Equal(1, tiles.Count(t => t.Level == 1 && !t.IsPartial));
        Assert.Equal([17], tiles.Where(t => t.Level == 1 && t.IsPartial).Select(t => t.Width));
        Assert.Equal(["tile/2/000.p/1"], tiles.Where(t => t.Level == 2).Select(t => t.ToPath()));
        Assert.Equal(276 + 1, tiles.Count);

        // "A tree of size 256 will be represented by a full level 0 tile and a partial level 1 tile of width 1."
        Assert.Equal(["tile/0/000", "tile/1/000.p/1"], TileId.TilesOf(256).Select(t => t.ToPath()));
    }

    [Theory]
    [InlineData("tile/0/x000/001")]
    [InlineData("tile/00/000")]
    [InlineData("tile/0/1")]
    [InlineData("tile/0/000.p/256")]
    [InlineData("tile/0/000.p/0")]
    [InlineData("tile/0/000.p/07")]
    [InlineData("tile/64/000")]
    [InlineData("tile/0/001/002")]
    [InlineData("tile/entries")]
    public void Only_canonical_paths_parse(string path) => Assert.False(TileId.TryParse(path, out _));

    [Fact]
    public void Paths_round_trip_for_tiles_and_entry_bundles()
    {
        Assert.True(TileId.TryParse("tile/entries/x001/234.p/7", out var bundle));
        Assert.Equal((true, 1234L, 7), (bundle.IsEntryBundle, bundle.Index, bundle.Width));
        Assert.Equal("tile/entries/x001/234.p/7", bundle.ToPath());
        Assert.Equal("tile/2/067.p/17", TileId.Tile(2, 67, 17).ToPath());
    }

    [Fact]
    public void Entry_bundles_are_uint16_length_prefixed()
    {
        var bundle = EntryBundle.Encode([[1, 2, 3], [], new byte[300]]);
        Assert.Equal(new byte[] { 0, 3, 1, 2, 3, 0, 0, 1, 44 }, bundle[..9]);
        Assert.Equal([3, 0, 300], EntryBundle.Decode(bundle).Select(e => e.Length));
        Assert.Throws<FormatException>(() => EntryBundle.Decode(bundle.AsSpan(0, bundle.Length - 1)));
        Assert.Throws<ArgumentException>(() => EntryBundle.Encode([new byte[65536]]));
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(255L)]
    [InlineData(256L)]
    [InlineData(70_000L)]
    public async Task Roots_and_consistency_proofs_computed_from_tiles_match_the_tree(long size)
    {
        var tree = new InMemoryMerkleTree();
        for (var i = 0; i < size; i++)
        {
            tree.Append(BitConverter.GetBytes(i));
        }

        var served = new Dictionary<string, byte[]>();
        foreach (var tile in TileId.TilesOf(size))
        {
            var nodes = Enumerable.Range(0, tile.Width).Select(i => new NodeId(8 * tile.Level, tile.FirstNode + i)).ToArray();
            var hashes = new Sha256Hash[nodes.Length];
            await tree.ReadNodesAsync(nodes, hashes);
            served[tile.ToPath()] = [.. hashes.SelectMany(h => h.ToArray())];
        }

        var fetched = new List<string>();
        var reader = new TileNodeReader(size, (tile, _) =>
        {
            fetched.Add(tile.ToPath());
            return Task.FromResult(served.GetValueOrDefault(tile.ToPath()));
        });
        Assert.Equal(tree.Root(), await MerkleProofs.RootAsync(reader, size));
        foreach (var old in new[] { 1L, size / 3, size - 1 }.Where(s => s >= 1 && s < size))
        {
            Assert.Equal(tree.ConsistencyProof(old, size), await MerkleProofs.ConsistencyAsync(reader, old, size));
        }

        Assert.All(fetched, path => Assert.True(served.ContainsKey(path), path));
    }

    [Fact]
    public async Task A_partial_tile_that_is_gone_is_read_from_its_full_tile()
    {
        var tree = new InMemoryMerkleTree();
        for (var i = 0; i < 300; i++)
        {
            tree.Append(BitConverter.GetBytes(i));
        }

        var full = new Sha256Hash[256];
        await tree.ReadNodesAsync([.. Enumerable.Range(0, 256).Select(i => new NodeId(0, i))], full);
        var reader = new TileNodeReader(200, (tile, _) => Task.FromResult(tile.ToPath() == "tile/0/000" ? full.SelectMany(h => h.ToArray()).ToArray() : null));
        Assert.Equal(tree.RootAt(200), await MerkleProofs.RootAsync(reader, 200));
    }
}
