namespace Dream.Witness;

/// <summary>One log the witness witnesses: its checkpoint origin and the verifier key of the key that signs its checkpoints.</summary>
public sealed class WitnessLogConfig
{
    public string Origin { get; set; } = "";

    /// <summary>The log's C2SP verifier key line (<c>name+id+base64</c>), as <c>GET /log/key</c> serves it; pin it out of band.</summary>
    public string VerifierKey { get; set; } = "";
}
