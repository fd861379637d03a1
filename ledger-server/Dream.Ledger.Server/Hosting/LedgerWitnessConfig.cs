namespace Dream.Ledger.Server.Hosting;

/// <summary>One witness the ledger asks to cosign its checkpoints (C2SP tlog-witness).</summary>
public sealed class LedgerWitnessConfig
{
    /// <summary>The witness's submission prefix, e.g. <c>https://witness.example.org</c> (<c>/add-checkpoint</c> is appended).</summary>
    public string Url { get; set; } = "";

    /// <summary>The witness's cosignature/v1 verifier key line (<c>name+id+base64(0x04 || key)</c>).</summary>
    public string VerifierKey { get; set; } = "";
}
