using System.Text.Encodings.Web;
using System.Text.Json;
using Xunit;

namespace Dream.Testing;

/// <summary>
/// The test vectors published in docs/test-vectors: each file is what the code produces from fixed seeds, and
/// the folder holds nothing else. DREAM_WRITE_TEST_VECTORS=1 rewrites them after a deliberate format change.
/// </summary>
public static class PublishedVectors
{
    /// <summary>Indented, and with '+' and '&lt;' left as they are, so a person can read the files.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Folder(params string[] parts) => Path.Combine([RepositoryRoot.Find(), "docs", "test-vectors", .. parts]);

    public static string ToJson<T>(T value) => JsonSerializer.Serialize(value, JsonOptions) + "\n";

    /// <summary>Each vector equals its published file, and the folder's *.json files are exactly these.</summary>
    public static void AssertPublished(string folder, IReadOnlyCollection<(string FileName, string Json)> vectors)
    {
        if (Environment.GetEnvironmentVariable("DREAM_WRITE_TEST_VECTORS") == "1")
        {
            Directory.CreateDirectory(folder);
            foreach (var (fileName, json) in vectors)
            {
                File.WriteAllText(Path.Combine(folder, fileName), json);
            }
        }

        foreach (var (fileName, json) in vectors)
        {
            Assert.Equal(json, File.ReadAllText(Path.Combine(folder, fileName)));
        }

        Assert.Equal(vectors.Select(v => v.FileName).Order(), Directory.GetFiles(folder, "*.json").Select(Path.GetFileName).Order());
    }
}
