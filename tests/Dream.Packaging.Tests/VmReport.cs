namespace Dream.Packaging.Tests;

/// <summary>
/// What scripts/lib/vm-check.sh reported from inside the VM: its "dream-vm: KEY=VALUE" facts (the serial line
/// adds a carriage return to each line), and the whole text, status and journals included, for failure messages.
/// </summary>
public sealed class VmReport
{
    private const string Prefix = "dream-vm: ";

    private readonly Dictionary<string, string> _facts = new(StringComparer.Ordinal);

    public VmReport(string text)
    {
        Text = text.Replace("\r", string.Empty, StringComparison.Ordinal);
        foreach (var line in Text.Split('\n'))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (line.StartsWith(Prefix, StringComparison.Ordinal) && equals > Prefix.Length)
            {
                _facts[line[Prefix.Length..equals]] = line[(equals + 1)..].Trim();
            }
        }
    }

    public string Text { get; }

    /// <summary>The fact's value, or null when the check never reported it (it stopped before, or the VM did).</summary>
    public string? this[string key] => _facts.GetValueOrDefault(key);
}
