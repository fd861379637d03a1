using System.Globalization;
using System.Net;
using System.Text;
using Dream.Transparency.Checkpoints;
using Dream.Transparency.Merkle;
using Dream.Transparency.Notes;
using Dream.Transparency.Witnesses;

namespace Dream.Ledger.Witnessing;

/// <summary>
/// The log's side of C2SP tlog-witness for one witness: sends <c>add-checkpoint</c> with a consistency proof from
/// the size the witness last cosigned (learnt from its 409 answer when unknown) and returns its cosignature line,
/// checked against the witness key the ledger is configured with.
/// </summary>
public sealed class WitnessClient
{
    private const string WitnessSizeMediaType = "text/x.tlog.size";

    private readonly HttpClient _http;
    private readonly Uri _addCheckpoint;
    private long _knownSize;

    /// <param name="submissionPrefix">The witness's submission prefix; <c>add-checkpoint</c> is appended.</param>
    public WitnessClient(HttpClient http, Uri submissionPrefix, CosignatureVerifier key)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(submissionPrefix);
        ArgumentNullException.ThrowIfNull(key);
        _http = http;
        _addCheckpoint = new Uri(submissionPrefix.ToString().TrimEnd('/') + "/add-checkpoint");
        Key = key;
    }

    public CosignatureVerifier Key { get; }

    public string Name => Key.Name;

    /// <summary>The size the witness last cosigned or reported (0 until known).</summary>
    public long KnownSize => Interlocked.Read(ref _knownSize);

    /// <summary>Asks the witness to cosign <paramref name="note"/>; returns its verified cosignature line.</summary>
    /// <param name="proof">Computes the consistency proof between two sizes of the ledger's tree.</param>
    /// <exception cref="WitnessException">The witness refused, answered something else, or its cosignature does not verify.</exception>
    /// <exception cref="HttpRequestException">The witness cannot be reached.</exception>
    public async Task<string> CosignAsync(Checkpoint checkpoint, string note, Func<long, long, CancellationToken, ValueTask<Sha256Hash[]>> proof, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(note);
        ArgumentNullException.ThrowIfNull(proof);

        // One retry: the first answer may only tell us the size the witness holds (409).
        for (var attempt = 0; ; attempt++)
        {
            var old = KnownSize;
            if (old > checkpoint.Size)
            {
                throw new WitnessException($"Witness {Name} has cosigned size {old}, more than this checkpoint's {checkpoint.Size}: it saw another view of the log.");
            }

            var hashes = old == 0 || old == checkpoint.Size ? [] : await proof(old, checkpoint.Size, cancellationToken);
            var request = new AddCheckpointRequest(old, hashes, note);
            using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(request.ToText()));
            using var response = await _http.PostAsync(_addCheckpoint, content, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                Interlocked.Exchange(ref _knownSize, checkpoint.Size);
                return VerifiedLine(note, body);
            }

            if (response.StatusCode == HttpStatusCode.Conflict && response.Content.Headers.ContentType?.MediaType == WitnessSizeMediaType
                && long.TryParse(body.TrimEnd('\n'), NumberStyles.None, CultureInfo.InvariantCulture, out var size) && attempt == 0)
            {
                Interlocked.Exchange(ref _knownSize, size);
                continue;
            }

            var reason = body.Split('\n')[0];
            throw new WitnessException($"Witness {Name} refused the checkpoint of size {checkpoint.Size} (HTTP {(int)response.StatusCode}): {reason}");
        }
    }

    private string VerifiedLine(string note, string body)
    {
        foreach (var line in body.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            try
            {
                var cosigned = SignedNote.Parse(note + line + "\n");
                Key.Verify(cosigned);
                return line + "\n";
            }
            catch (Exception e) when (e is NoteFormatException or UnknownNoteKeyException)
            {
                // Another key's line, or not a signature line: the client ignores what it does not know.
            }
            catch (NoteSignatureException e)
            {
                throw new WitnessException($"Witness {Name} answered a cosignature that does not verify: {e.Message}", e);
            }
        }

        throw new WitnessException($"Witness {Name} answered 200 without a cosignature by its key {Key.VerifierKey}.");
    }
}
