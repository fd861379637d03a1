namespace Dream.Agent.Commands;

/// <summary>One unit id that <c>dream-agent scan</c> probed (also its <c>--json</c> output).</summary>
internal sealed record ScanResult(byte Unit, string? Profile, string? Model, string? SerialNumber);
