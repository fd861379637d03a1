namespace Dream.Soak.Benchmarks;

/// <summary>A real <c>dream-ledger run</c> process, as systemd would start it, and its /metrics.</summary>
internal sealed class LedgerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http;
    private readonly TimeSpan _cpuAtReady;

    private LedgerProcess(Process process, HttpClient http)
    {
        _process = process;
        _http = http;
        _cpuAtReady = ProcessStats.Cpu(process.Id);
    }

    public int Pid => _process.Id;

    /// <summary>CPU since the ledger said it was ready (start-up excluded).</summary>
    public TimeSpan Cpu => ProcessStats.Cpu(_process.Id) - _cpuAtReady;

    public long ResidentBytes => ProcessStats.ResidentBytes(_process.Id);

    /// <summary>Starts <paramref name="executable"/> (a native dream-ledger), or without one the JIT build beside the soak.</summary>
    public static async Task<LedgerProcess> StartAsync(string? executable, string configFile, string publicUrl, string logFile)
    {
        var info = new ProcessStartInfo(executable ?? "dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        if (executable is null)
        {
            info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "dream-ledger.dll"));
        }

        info.ArgumentList.Add("run");
        info.ArgumentList.Add("--config");
        info.ArgumentList.Add(configFile);
        var process = Process.Start(info) ?? throw new InvalidOperationException("dream-ledger did not start.");
        var log = new StreamWriter(logFile) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var http = new HttpClient { BaseAddress = new Uri(publicUrl), Timeout = TimeSpan.FromSeconds(10) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"dream-ledger exited with {process.ExitCode} before it was ready; see {logFile}.");
            }

            try
            {
                using var ready = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
                if (ready.IsSuccessStatusCode)
                {
                    return new LedgerProcess(process, http);
                }
            }
            catch (HttpRequestException)
            {
            }

            if (deadline.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new TimeoutException($"dream-ledger was not ready within 2 minutes; see {logFile}.");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>dream_ledger_readings_accepted_total: readings verified, stored (fsync) and logged.</summary>
    public Task<long> AcceptedAsync() => MetricAsync("dream_ledger_readings_accepted_total");

    /// <summary>dream_ledger_log_size: entries in the log.</summary>
    public Task<long> LogSizeAsync() => MetricAsync("dream_ledger_log_size");

    private async Task<long> MetricAsync(string name)
    {
        var text = await _http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(name + " ", StringComparison.Ordinal))
            {
                return (long)double.Parse(line[(name.Length + 1)..], CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidDataException($"/metrics has no {name}.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM, as systemd stops it; the unit allows 30 s.
            Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])?.WaitForExit();
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
        _http.Dispose();
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.WriteLine(line);
            }
        }
    }
}
