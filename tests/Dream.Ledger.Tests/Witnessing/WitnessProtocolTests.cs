using Dream.Transparency.Checkpoints;
using Dream.Transparency.Merkle;
using Dream.Transparency.Witnesses;

namespace Dream.Ledger.Tests.Witnessing;

/// <summary>dream-witness over HTTP answers add-checkpoint with the status codes of C2SP tlog-witness, and keeps its state across restarts.</summary>
public sealed class WitnessProtocolTests : IDisposable
{
    private const string Origin = "log.test/witnessed";
    private readonly Ed25519PrivateKey _logKey = Ed25519PrivateKey.Generate();
    private readonly InMemoryMerkleTree _tree = new();
    private readonly HttpClient _http = new();

    public void Dispose()
    {
        _logKey.Dispose();
        _http.Dispose();
    }

    [Fact]
    public async Task The_witness_cosigns_only_consistent_checkpoints_with_the_specified_status_codes()
    {
        await using var witness = new TestWitness("witness.test/w1");
        var logVerifier = NoteVerifier.Create(Origin, _logKey.PublicKey);
        await witness.StartAsync(Origin, logVerifier.VerifierKey);
        Grow(5);
        var five = Sign(_tree, 5);

        // First contact: old 0 and no proof (trust on first use), answered with a verifiable cosignature.
        var (status, type, body) = await PostAsync(witness, new AddCheckpointRequest(0, [], five));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("text/plain", type, StringComparison.Ordinal);
        Assert.Equal(5, new CheckpointVerifier(Origin, logVerifier).Verify(five + body).Size);
        witness.Key.Verify(SignedNote.Parse(five + body));

        // A client that does not know the witness's size learns it from the 409.
        Grow(3);
        var eight = Sign(_tree, 8);
        (status, type, body) = await PostAsync(witness, new AddCheckpointRequest(0, [], eight));
        Assert.Equal((HttpStatusCode.Conflict, "text/x.tlog.size", "5\n"), (status, type, body));
        (status, _, body) = await PostAsync(witness, new AddCheckpointRequest(5, _tree.ConsistencyProof(5, 8), eight));
        Assert.Equal(HttpStatusCode.OK, status);
        witness.Key.Verify(SignedNote.Parse(eight + body));

        // Unknown log 404, a checkpoint the log did not sign 403, old size above the checkpoint 400, garbage 400.
        using var other = Ed25519PrivateKey.Generate();
        var foreign = new CheckpointSigner("other.test/log", other).Sign(new Checkpoint("other.test/log", 8, _tree.RootAt(8)));
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(witness, new AddCheckpointRequest(8, [], foreign))).Status);
        var forged = new CheckpointSigner(Origin, other).Sign(new Checkpoint(Origin, 8, _tree.RootAt(8)));
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(witness, new AddCheckpointRequest(8, [], forged))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(witness, new AddCheckpointRequest(9, [], eight))).Status);
        using (var garbage = new StringContent("hello\n"))
        {
            using var response = await _http.PostAsync(new Uri(witness.Url + "/add-checkpoint"), garbage);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        // A proof that does not link the sizes: 422, nothing cosigned, and the witness still holds 8.
        Grow(2);
        var ten = Sign(_tree, 10);
        var wrongProof = _tree.ConsistencyProof(4, 10);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await PostAsync(witness, new AddCheckpointRequest(8, wrongProof, ten))).Status);

        // It survives a restart: the size it cosigned is on disk.
        await witness.StopAsync();
        await witness.StartAsync(Origin, logVerifier.VerifierKey);
        Assert.Equal((HttpStatusCode.Conflict, "text/x.tlog.size", "8\n"), await PostAsync(witness, new AddCheckpointRequest(0, [], ten)));
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(witness, new AddCheckpointRequest(8, _tree.ConsistencyProof(8, 10), ten))).Status);

        // The refused checkpoint the log did sign is kept as evidence.
        var evidence = witness.Server!.Store.Evidence();
        Assert.Equal([(Origin, 422)], evidence.Select(e => (e.Origin, e.Status)));
    }

    [Fact]
    public async Task A_split_view_is_refused_at_the_same_size_and_at_a_larger_one()
    {
        await using var witness = new TestWitness("witness.test/w1");
        await witness.StartAsync(Origin, NoteVerifier.Create(Origin, _logKey.PublicKey).VerifierKey);
        Grow(6);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(witness, new AddCheckpointRequest(0, [], Sign(_tree, 6)))).Status);

        // The log, with the same key, shows another tree: its sixth entry differs.
        var fork = new InMemoryMerkleTree();
        for (var i = 0; i < 5; i++)
        {
            fork.AppendLeafHash(_tree.LeafHash(i));
        }

        fork.Append("another sixth entry"u8);
        var (status, _, body) = await PostAsync(witness, new AddCheckpointRequest(6, [], Sign(fork, 6)));
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("forked", body, StringComparison.Ordinal);

        fork.Append("a seventh"u8);
        (status, _, _) = await PostAsync(witness, new AddCheckpointRequest(6, fork.ConsistencyProof(6, 7), Sign(fork, 7)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);

        // The genuine log still gets its cosignature.
        Grow(1);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(witness, new AddCheckpointRequest(6, _tree.ConsistencyProof(6, 7), Sign(_tree, 7)))).Status);
        Assert.Equal([409, 422], witness.Server!.Store.Evidence().Select(e => e.Status));
    }

    private void Grow(int entries)
    {
        for (var i = 0; i < entries; i++)
        {
            _tree.Append(Encoding.UTF8.GetBytes($"entry {_tree.Size}"));
        }
    }

    private string Sign(InMemoryMerkleTree tree, long size) => new CheckpointSigner(Origin, _logKey).Sign(new Checkpoint(Origin, size, tree.RootAt(size)));

    private async Task<(HttpStatusCode Status, string ContentType, string Body)> PostAsync(TestWitness witness, AddCheckpointRequest request)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(request.ToText()));
        using var response = await _http.PostAsync(new Uri(witness.Url + "/add-checkpoint"), content);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType ?? "", await response.Content.ReadAsStringAsync());
    }
}
