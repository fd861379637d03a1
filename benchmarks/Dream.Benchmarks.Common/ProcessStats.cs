namespace Dream.Benchmarks.Common;

/// <summary>CPU time and resident memory of other processes, read from /proc.</summary>
public static class ProcessStats
{
    private const double TicksPerSecond = 100;

    /// <summary>User + system CPU of the children of this process whose command is <paramref name="command"/>.</summary>
    public static TimeSpan ChildrenCpu(string command)
    {
        var self = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var ticks = 0L;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (ReadStat(dir) is { } stat && stat.Command == command && stat.Parent == self)
            {
                ticks += stat.CpuTicks;
            }
        }

        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>User + system CPU of process <paramref name="pid"/>; zero when it is gone.</summary>
    /// <summary>
    /// User + system CPU of every process below this one (children, their children...) whose command is
    /// <paramref name="command"/>: PostgreSQL's backends are children of its postmaster, not of this process.
    /// </summary>
    public static TimeSpan DescendantsCpu(string command)
    {
        var all = new Dictionary<string, (string Command, string Parent, long CpuTicks)>(StringComparer.Ordinal);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (ReadStat(dir) is { } stat)
            {
                all[Path.GetFileName(dir)] = stat;
            }
        }

        var self = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        bool Below(string pid)
        {
            for (var depth = 0; depth < 64 && all.TryGetValue(pid, out var stat); depth++)
            {
                if (stat.Parent == self)
                {
                    return true;
                }

                pid = stat.Parent;
            }

            return false;
        }

        var ticks = all.Where(p => p.Value.Command == command && Below(p.Key)).Sum(p => p.Value.CpuTicks);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    public static TimeSpan Cpu(int pid) => ReadStat($"/proc/{pid}") is { } stat ? TimeSpan.FromSeconds(stat.CpuTicks / TicksPerSecond) : TimeSpan.Zero;

    /// <summary>Resident set size of process <paramref name="pid"/> in bytes (VmRSS); zero when it is gone.</summary>
    public static long ResidentBytes(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }

    private static (string Command, string Parent, long CpuTicks)? ReadStat(string dir)
    {
        try
        {
            var stat = File.ReadAllText(Path.Combine(dir, "stat"));
            var open = stat.IndexOf('(', StringComparison.Ordinal);
            var close = stat.LastIndexOf(')');
            var fields = stat[(close + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return (stat[(open + 1)..close], fields[1], ticks);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
