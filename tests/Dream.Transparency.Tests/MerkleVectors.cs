namespace Dream.Transparency.Tests;

/// <summary>The transparency-dev/merkle vector files under testdata/merkle, and the value syntax they share.</summary>
internal static class MerkleVectors
{
    public static readonly string Root = Path.Combine(AppContext.BaseDirectory, "testdata", "merkle");

    public static IEnumerable<string> Files(string kind) =>
        Directory.EnumerateFiles(Path.Combine(Root, kind), "*.json", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(Root, file))
            .Order(StringComparer.Ordinal);

    public static IEnumerable<string> HappyPathFiles(string kind) =>
        Files(kind).Where(f => f.EndsWith("happy-path.json", StringComparison.Ordinal));

    /// <summary>The root object of one vector file, detached from its document.</summary>
    public static JsonElement Read(string relativePath)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, relativePath)));
        return json.RootElement.Clone();
    }

    // The vectors are uint64 (leafIdx-sub-@1 is 2^64 - 1); a size beyond long wraps to a negative
    // number, which is how such a value reaches our signed API and must be refused there.
    public static long Size(JsonElement element) => unchecked((long)element.GetUInt64());

    public static byte[] Bytes(JsonElement element) => element.ValueKind == JsonValueKind.Null ? [] : Convert.FromBase64String(element.GetString()!);

    public static List<byte[]> Proof(JsonElement element) =>
        element.ValueKind == JsonValueKind.Null ? [] : element.EnumerateArray().Select(Bytes).ToList();
}
