namespace Dream.Transparency.Tests;

/// <summary>RFC 9162 section 2.1 written as literally as possible (recursive MTH, PATH and SUBPROOF), to check the planned proofs against.</summary>
internal static class ReferenceTree
{
    /// <summary>The RFC 6962 test leaves that the transparency-dev vectors and roots are built from.</summary>
    public static readonly byte[][] Rfc6962Leaves =
    [
        [],
        [0x00],
        [0x10],
        [0x20, 0x21],
        [0x30, 0x31],
        [0x40, 0x41, 0x42, 0x43],
        [0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57],
        [0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f],
    ];

    public static Sha256Hash Mth(IReadOnlyList<Sha256Hash> leaves, int start, int end)
    {
        var n = end - start;
        if (n == 0)
        {
            return Rfc6962.EmptyRoot;
        }

        if (n == 1)
        {
            return leaves[start];
        }

        var k = LargestPowerOfTwoBelow(n);
        return Rfc6962.HashChildren(Mth(leaves, start, start + k), Mth(leaves, start + k, end));
    }

    public static List<Sha256Hash> Path(IReadOnlyList<Sha256Hash> leaves, int m, int start, int end)
    {
        var n = end - start;
        if (n == 1)
        {
            return [];
        }

        var k = LargestPowerOfTwoBelow(n);
        if (m < k)
        {
            var path = Path(leaves, m, start, start + k);
            path.Add(Mth(leaves, start + k, end));
            return path;
        }

        var right = Path(leaves, m - k, start + k, end);
        right.Add(Mth(leaves, start, start + k));
        return right;
    }

    public static List<Sha256Hash> Proof(IReadOnlyList<Sha256Hash> leaves, int m, int n) => m == n ? [] : Subproof(leaves, m, 0, n, true);

    private static List<Sha256Hash> Subproof(IReadOnlyList<Sha256Hash> leaves, int m, int start, int end, bool b)
    {
        var n = end - start;
        if (m == n)
        {
            return b ? [] : [Mth(leaves, start, end)];
        }

        var k = LargestPowerOfTwoBelow(n);
        if (m <= k)
        {
            var proof = Subproof(leaves, m, start, start + k, b);
            proof.Add(Mth(leaves, start + k, end));
            return proof;
        }

        var right = Subproof(leaves, m - k, start + k, end, false);
        right.Add(Mth(leaves, start, start + k));
        return right;
    }

    private static int LargestPowerOfTwoBelow(int n)
    {
        var k = 1;
        while (k << 1 < n)
        {
            k <<= 1;
        }

        return k;
    }
}
