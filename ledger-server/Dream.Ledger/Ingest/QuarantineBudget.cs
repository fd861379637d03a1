using Dream.Ledger.Storage;

namespace Dream.Ledger.Ingest;

/// <summary>
/// Decides which refused bodies the quarantine keeps: each (source, reason) within its byte budget and all of
/// them within the total. Counting never stops; a source over its budget is throttled (its bodies dropped) and
/// named once. Owned by the committer (not thread-safe).
/// </summary>
internal sealed class QuarantineBudget
{
    /// <summary>The source under which refusals from sources beyond <see cref="QuarantineOptions.MaxSources"/> are counted.</summary>
    public const string OtherSources = "*";

    private readonly QuarantineOptions _options;
    private readonly Dictionary<(string Source, string Reason), long> _keptBytes = [];
    private readonly HashSet<string> _sources = new(StringComparer.Ordinal);
    private readonly HashSet<(string Source, string Reason)> _throttled = [];
    private long _total;

    public QuarantineBudget(QuarantineOptions options, IEnumerable<QuarantineCount> stored)
    {
        _options = options;
        foreach (var count in stored)
        {
            _sources.Add(count.Source);
            _keptBytes[(count.Source, count.Reason)] = count.KeptBytes;
            _total += count.KeptBytes;
            if (count.Kept < count.Count)
            {
                _throttled.Add((count.Source, count.Reason));
            }
        }
    }

    public long KeptBytes => _total;

    public int ThrottledPairs => _throttled.Count;

    /// <summary>
    /// The source to count a refusal under, whether its body (of <paramref name="bytes"/>) is kept, and whether
    /// this refusal is the first one of its (source, reason) that is not.
    /// </summary>
    public (string Source, bool Keep, bool NewlyThrottled) Admit(string source, string reason, long bytes)
    {
        if (!_sources.Contains(source))
        {
            if (_sources.Count >= _options.MaxSources)
            {
                source = OtherSources;
            }

            _sources.Add(source);
        }

        var key = (source, reason);
        var used = _keptBytes.GetValueOrDefault(key);
        if (used + bytes <= _options.BytesPerSourceReason && _total + bytes <= _options.MaxBytes)
        {
            _keptBytes[key] = used + bytes;
            _total += bytes;
            return (source, true, false);
        }

        return (source, false, _throttled.Add(key));
    }
}
