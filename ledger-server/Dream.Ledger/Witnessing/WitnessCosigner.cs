using System.Globalization;
using System.Text;
using Dream.Transparency.Checkpoints;
using Dream.Transparency.Merkle;
using Dream.Transparency.Notes;

namespace Dream.Ledger.Witnessing;

/// <summary>
/// Collects the cosignatures of the ledger's witnesses for a checkpoint it signed: all witnesses at once, each bounded
/// by <see cref="Timeout"/>. A witness that is down or refuses costs at most that long and is reported
/// (<see cref="CosignFailed"/>, metrics); the checkpoint is published with the cosignatures obtained, and the missing
/// ones are asked for again at the next signing period.
/// </summary>
public sealed class WitnessCosigner
{
    private readonly IMerkleNodeReader _tree;
    private readonly TimeProvider _time;
    private readonly WitnessHealth[] _health;

    public WitnessCosigner(IReadOnlyList<WitnessClient> witnesses, TimeSpan timeout, IMerkleNodeReader tree, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(witnesses);
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(time);
        Witnesses = witnesses;
        Timeout = timeout;
        _tree = tree;
        _time = time;
        _health = [.. witnesses.Select(_ => new WitnessHealth())];
    }

    public IReadOnlyList<WitnessClient> Witnesses { get; }

    public TimeSpan Timeout { get; }

    /// <summary>Raised for each witness that did not cosign: its name and why.</summary>
    public event EventHandler<(string Witness, string Reason)>? CosignFailed;

    /// <summary>How many configured witnesses have not (validly) cosigned <paramref name="note"/>.</summary>
    public int MissingFrom(string note)
    {
        var parsed = SignedNote.Parse(note);
        return Witnesses.Count(w => !HasCosigned(w, parsed));
    }

    /// <summary>The configured witnesses whose valid cosignature <paramref name="note"/> carries.</summary>
    public int CosignersOf(string note) => Witnesses.Count - MissingFrom(note);

    /// <summary>Asks every witness that has not cosigned <paramref name="note"/> yet; returns the note with every cosignature obtained.</summary>
    public async Task<string> CosignAsync(Checkpoint checkpoint, string note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var parsed = SignedNote.Parse(note);
        var asks = Witnesses.Select((w, i) => HasCosigned(w, parsed) ? Task.FromResult<string?>(null) : AskAsync(i, checkpoint, note, cancellationToken)).ToArray();
        var lines = await Task.WhenAll(asks);
        var cosigned = new StringBuilder(note);
        foreach (var line in lines)
        {
            cosigned.Append(line);
        }

        return cosigned.ToString();
    }

    /// <summary>Per witness: cosignatures obtained, failures, and whether the last attempt succeeded.</summary>
    public string ToPrometheusText()
    {
        var text = new StringBuilder();
        text.Append("# HELP dream_witness_cosignatures_total Cosignatures obtained from each witness.\n# TYPE dream_witness_cosignatures_total counter\n");
        for (var i = 0; i < Witnesses.Count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"dream_witness_cosignatures_total{{witness=\"{Witnesses[i].Name}\"}} {_health[i].Cosignatures}\n");
        }

        text.Append("# HELP dream_witness_failures_total Requests to each witness that brought no cosignature (down, slow, or refused).\n# TYPE dream_witness_failures_total counter\n");
        for (var i = 0; i < Witnesses.Count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"dream_witness_failures_total{{witness=\"{Witnesses[i].Name}\"}} {_health[i].Failures}\n");
        }

        text.Append("# HELP dream_witness_up 1 when the last request to the witness brought its cosignature.\n# TYPE dream_witness_up gauge\n");
        for (var i = 0; i < Witnesses.Count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"dream_witness_up{{witness=\"{Witnesses[i].Name}\"}} {(_health[i].Up ? 1 : 0)}\n");
        }

        return text.ToString();
    }

    /// <summary>The last failure of each witness that is down now (name, since when, why).</summary>
    public IReadOnlyList<string> Problems() =>
        [.. Witnesses.Select((w, i) => (w, _health[i])).Where(p => !p.Item2.Up && p.Item2.LastError is not null).Select(p => $"witness {p.w.Name}: {p.Item2.LastError}")];

    private static bool HasCosigned(WitnessClient witness, SignedNote note)
    {
        try
        {
            witness.Key.Verify(note);
            return true;
        }
        catch (Exception e) when (e is UnknownNoteKeyException or NoteSignatureException)
        {
            return false;
        }
    }

    private async Task<string?> AskAsync(int index, Checkpoint checkpoint, string note, CancellationToken cancellationToken)
    {
        var witness = Witnesses[index];
        using var bounded = new CancellationTokenSource(Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, bounded.Token);
        try
        {
            var line = await witness.CosignAsync(checkpoint, note, (m, n, ct) => MerkleProofs.ConsistencyAsync(_tree, m, n, ct), linked.Token);
            _health[index].Succeeded();
            return line;
        }
        catch (Exception e) when (e is WitnessException or HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var reason = e is OperationCanceledException ? $"no answer within {Timeout.TotalSeconds:0.#} s" : e.Message;
            _health[index].Failed(_time.GetUtcNow(), reason);
            CosignFailed?.Invoke(this, (witness.Name, reason));
            return null;
        }
    }
}
