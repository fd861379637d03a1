namespace Dream.Ledger.Server.Cli;

/// <summary>What <c>dream-ledger verify</c> audits and what it trusts.</summary>
public sealed record VerifyOptions
{
    /// <summary>A running ledger's base URL (exclusive with <see cref="DataDir"/>).</summary>
    public string? Url { get; init; }

    /// <summary>A data directory or a copy of it; only <c>ledger.db</c> is needed.</summary>
    public string? DataDir { get; init; }

    /// <summary>A PostgreSQL ledger's connection string (exclusive with <see cref="Url"/> and <see cref="DataDir"/>); opened read only.</summary>
    public string? Postgres { get; init; }

    /// <summary>An auditor's private key file, to sign requests to <see cref="Url"/>.</summary>
    public string? KeyFile { get; init; }

    /// <summary>The grid authority's C2SP verifier key line, obtained out of band: the audit refuses any other key.</summary>
    public string? VerifierKey { get; init; }

    /// <summary>A file holding <see cref="VerifierKey"/> (e.g. saved from <c>dream-ledger init</c> or <c>/log/key</c>).</summary>
    public string? VerifierKeyFile { get; init; }

    public string? CheckpointFile { get; init; }

    /// <summary>Witness verifier key lines (cosignature/v1), or files holding one: the latest checkpoint must carry their cosignatures.</summary>
    public IReadOnlyList<string> WitnessKeys { get; init; } = [];

    /// <summary>How many of <see cref="WitnessKeys"/> must have cosigned (default: all of them).</summary>
    public int? WitnessThreshold { get; init; }
}
