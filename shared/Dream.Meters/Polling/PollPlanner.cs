namespace Dream.Meters.Polling;

/// <summary>Covers the registers a profile needs with as few reads as possible: spans that touch or overlap are
/// merged; a gap is bridged only inside a range the meter is known to answer whole (reading a register the
/// meter lacks fails the whole request); no read exceeds the meter's limit (125 registers at most).
/// Greedy left-to-right is optimal here: each read starts at the first uncovered span and reaches as far as allowed.</summary>
public static class PollPlanner
{
    public static IReadOnlyList<ReadBlock> Plan(IEnumerable<RegisterSpan> spans, IReadOnlyList<RegisterRange> answeredWhole, int maxRegisters)
    {
        ArgumentNullException.ThrowIfNull(spans);
        ArgumentNullException.ThrowIfNull(answeredWhole);
        if (maxRegisters is < 1 or > 125)
        {
            throw new ArgumentOutOfRangeException(nameof(maxRegisters), maxRegisters, "A read carries 1 to 125 registers.");
        }

        var blocks = new List<ReadBlock>();
        foreach (var group in spans.Distinct().GroupBy(s => s.Function).OrderBy(g => g.Key))
        {
            var sorted = group.OrderBy(s => s.Address).ThenByDescending(s => s.Count).ToList();
            var start = sorted[0].Address;
            var end = sorted[0].End;
            foreach (var span in sorted.Skip(1))
            {
                var newEnd = Math.Max(end, span.End);
                var joinable = span.Address <= end
                    || answeredWhole.Any(r => r.Contains(group.Key, end, span.Address));
                if (joinable && newEnd - start <= maxRegisters)
                {
                    end = newEnd;
                    continue;
                }

                blocks.Add(new ReadBlock(group.Key, start, (ushort)(end - start)));
                start = span.Address;
                end = span.End;
            }

            blocks.Add(new ReadBlock(group.Key, start, (ushort)(end - start)));
        }

        return blocks;
    }
}
