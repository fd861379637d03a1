using System.Globalization;
using Dream.Contracts.Clock;
using Dream.Contracts.Http;
using Dream.Ledger.Server.Hosting;

namespace Dream.Ledger.Tests;

/// <summary>
/// <c>dream-ledger verify --url --key</c> against a ledger whose clock runs accelerated (as in the demo, where the HTTP
/// Date header shows real time): the client signs on the clock the ledger states in Dream-Time, and a registered
/// auditor (role verification-agency) sees every entry.
/// </summary>
public sealed class AcceleratedAuditTests
{
    private const double Speed = 720;
    private static readonly string Executable = Path.Combine(AppContext.BaseDirectory, "dream-ledger.dll");

    [Fact]
    public async Task A_registered_auditor_verifies_a_ledger_on_an_accelerated_clock_over_http_and_sees_every_entry()
    {
        // An hour of real time since the epoch: the ledger's clock is 719 hours (about 30 days) ahead of ours.
        var clock = new AcceleratedTimeProvider(Speed, DateTimeOffset.UtcNow - TimeSpan.FromHours(1));
        await using var ledger = await TestLedger.StartAsync(time: clock, configure: c => c.CheckpointPeriodSeconds = Speed);
        using var auditor = Ed25519PrivateKey.Generate();
        using var stranger = Ed25519PrivateKey.Generate();
        using (var registered = await ledger.Admin.PostAsJsonAsync("admin/v1/participants", new { did = auditor.PublicKey.Did, role = "verification-agency", name = "Audit Office" }))
        {
            Assert.True(registered.IsSuccessStatusCode, await registered.Content.ReadAsStringAsync());
        }

        var agent = await ledger.AddApprovedAgentAsync();
        for (var i = 0; i < 3; i++)
        {
            await agent.PublishAsync(agent.Next());
        }

        await agent.WaitForReceiptAsync(3);
        await ledger.Server.Checkpoints.SignIfGrownAsync();

        // The ledger states its clock; a request signed on the real clock is refused, as `verify --url --key` was.
        const string Path = "/log/entries?start=0&count=10";
        using (var request = Signed(auditor, Path, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()))
        using (var refused = await ledger.Public.SendAsync(request))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            var stated = long.Parse(refused.Headers.GetValues(SignedRequest.TimeHeader).Single(), CultureInfo.InvariantCulture);
            Assert.True(stated - DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() > TimeSpan.FromDays(29).TotalMilliseconds, $"Dream-Time {stated}");
            Assert.Contains(SignedRequest.TimeHeader, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var keys = new TemporaryDirectory();
        var auditorKey = keys.Combine("auditor.key");
        var strangerKey = keys.Combine("stranger.key");
        KeyFile.Write(auditorKey, auditor);
        KeyFile.Write(strangerKey, stranger);
        var pinned = NoteVerifier.Create("ledger.test/dream", ledger.GridAuthority).VerifierKey;

        var audit = await RunAsync("verify", "--url", ledger.Config.Listen, "--key", auditorKey, "--verifier-key", pinned);
        Assert.True(audit.ExitCode == 0, audit.ToString());
        Assert.Contains("VERIFIED", audit.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("(0 withheld from this requester)", audit.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("readings:     3 from 1 devices", audit.StandardOutput, StringComparison.Ordinal);

        // A valid signature by an unregistered key is accepted as a request, but entitles to nothing: the tree still checks.
        var outsider = await RunAsync("verify", "--url", ledger.Config.Listen, "--key", strangerKey, "--verifier-key", pinned);
        Assert.True(outsider.ExitCode == 0, outsider.ToString());
        Assert.Matches(@"entries:\s+(\d+) \(\1 withheld from this requester\)", outsider.StandardOutput);
    }

    private static HttpRequestMessage Signed(Ed25519PrivateKey key, string path, long timestampMs)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path.TrimStart('/'));
        SignedRequest.AddHeaders(request, key, path, timestampMs);
        return request;
    }

    private static Task<ProcessResult> RunAsync(params string[] arguments) =>
        ExternalProgram.RunAsync("dotnet", [Executable, .. arguments], timeout: TimeSpan.FromSeconds(60));
}
