using System.Globalization;
using System.Text;

namespace Dream.Transparency.Tiles;

/// <summary>
/// One resource of C2SP tlog-tiles: the tile <c>tile/&lt;L&gt;/&lt;N&gt;[.p/&lt;W&gt;]</c> of Merkle tree hashes at level L
/// (hashes of subtrees of 256^L leaves), or the entry bundle <c>tile/entries/&lt;N&gt;[.p/&lt;W&gt;]</c>; width 256 is a
/// full tile, 1..255 a partial one.
/// </summary>
public readonly record struct TileId
{
    public const int FullWidth = 256;

    public const int MaxLevel = 63;

    private TileId(bool entries, int level, long index, int width)
    {
        IsEntryBundle = entries;
        Level = level;
        Index = index;
        Width = width;
    }

    public bool IsEntryBundle { get; }

    /// <summary>The tile level (0 for entry bundles, which pair with level 0).</summary>
    public int Level { get; }

    public long Index { get; }

    public int Width { get; }

    public bool IsPartial => Width < FullWidth;

    /// <summary>The first node (at level <c>8·L</c> of the tree) or entry the tile holds.</summary>
    public long FirstNode => Index * FullWidth;

    public static TileId Tile(int level, long index, int width = FullWidth)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, MaxLevel);
        Check(index, width);
        return new TileId(false, level, index, width);
    }

    public static TileId Entries(long index, int width = FullWidth)
    {
        Check(index, width);
        return new TileId(true, 0, index, width);
    }

    /// <summary>The path under the log's prefix, e.g. <c>tile/0/x001/x234/067.p/8</c>.</summary>
    public string ToPath()
    {
        var path = new StringBuilder("tile/");
        path.Append(IsEntryBundle ? "entries" : Level.ToString(CultureInfo.InvariantCulture)).Append('/').Append(EncodeIndex(Index));
        if (IsPartial)
        {
            path.Append(CultureInfo.InvariantCulture, $".p/{Width}");
        }

        return path.ToString();
    }

    /// <summary>Zero-padded 3-digit elements, all but the last prefixed with x: 1234067 is <c>x001/x234/067</c>.</summary>
    public static string EncodeIndex(long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var groups = new List<string>();
        do
        {
            groups.Add((index % 1000).ToString("000", CultureInfo.InvariantCulture));
            index /= 1000;
        }
        while (index > 0);

        groups.Reverse();
        return string.Join('/', groups.Select((g, i) => i < groups.Count - 1 ? "x" + g : g));
    }

    /// <summary>Parses a path such as <c>tile/2/x001/067.p/17</c> or <c>tile/entries/000</c>; only the one canonical spelling is accepted.</summary>
    public static bool TryParse(string path, out TileId tile)
    {
        tile = default;
        ArgumentNullException.ThrowIfNull(path);
        var parts = path.Split('/');
        if (parts.Length < 3 || parts[0] != "tile")
        {
            return false;
        }

        var width = FullWidth;
        var indexParts = parts[2..];
        if (indexParts.Length >= 2 && indexParts[^2].EndsWith(".p", StringComparison.Ordinal))
        {
            if (!TryCanonical(indexParts[^1], out var w) || w < 1 || w >= FullWidth)
            {
                return false;
            }

            width = (int)w;
            indexParts = [.. indexParts[..^2], indexParts[^2][..^2]];
        }

        long index = 0;
        for (var i = 0; i < indexParts.Length; i++)
        {
            var element = indexParts[i];
            var last = i == indexParts.Length - 1;
            if (!last && (element.Length != 4 || element[0] != 'x'))
            {
                return false;
            }

            var digits = last ? element : element[1..];
            if (digits.Length != 3 || !digits.All(char.IsAsciiDigit) || index > (long.MaxValue / 1000) - 1)
            {
                return false;
            }

            index = (index * 1000) + int.Parse(digits, CultureInfo.InvariantCulture);
        }

        // One spelling per index: no superfluous leading x000 group.
        if (indexParts.Length > 1 && indexParts[0] == "x000")
        {
            return false;
        }

        if (parts[1] == "entries")
        {
            tile = Entries(index, width);
            return true;
        }

        if (!TryCanonical(parts[1], out var level) || level > MaxLevel)
        {
            return false;
        }

        tile = Tile((int)level, index, width);
        return true;
    }

    /// <summary>The tiles a tree of <paramref name="treeSize"/> leaves consists of (full and partial, every level), without entry bundles.</summary>
    public static IEnumerable<TileId> TilesOf(long treeSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(treeSize);
        for (var level = 0; 8 * level < 63 && (treeSize >> (8 * level)) > 0; level++)
        {
            var nodes = treeSize >> (8 * level);
            for (long n = 0; n < nodes / FullWidth; n++)
            {
                yield return Tile(level, n);
            }

            if (nodes % FullWidth != 0)
            {
                yield return Tile(level, nodes / FullWidth, (int)(nodes % FullWidth));
            }
        }
    }

    public override string ToString() => ToPath();

    private static void Check(long index, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, FullWidth);
    }

    private static bool TryCanonical(string digits, out long value)
    {
        value = 0;
        return digits.Length is > 0 and < 19
            && digits.All(char.IsAsciiDigit)
            && (digits == "0" || digits[0] != '0')
            && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
