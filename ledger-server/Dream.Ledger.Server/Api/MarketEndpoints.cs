using Dream.Ledger.Ingest;
using Dream.Market;
using Dream.Market.Contracts;
using Dream.Market.Transactions;

namespace Dream.Ledger.Server.Api;

/// <summary>
/// The market's public API: signed transactions in, and queries for registered participants (signed
/// requests): promises, auctions with their bids, accounts, settlements, the tariff, contracts, templates.
/// </summary>
public static class MarketEndpoints
{
    public static void Map(IEndpointRouteBuilder app, ApiContext api)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(api);
        var engine = api.Server.Engine;
        var market = app.MapGroup("/api/v1/market");

        market.MapPost("/transactions", async (HttpRequest request, CancellationToken ct) =>
        {
            var body = await PublicEndpoints.ReadBodyAsync(request, Dream.Contracts.SignedEnvelope.MaxMessageBytes, ct);
            if (body is null)
            {
                return ApiContext.Error(413, nameof(MarketError.Oversize), $"A market transaction is at most {Dream.Contracts.SignedEnvelope.MaxMessageBytes} bytes.");
            }

            MarketTransaction transaction;
            try
            {
                transaction = MarketTransaction.Parse(body);
            }
            catch (MarketException e)
            {
                return ApiContext.Error(MarketJson.StatusOf(e.Error), e.Error.ToString(), e.Message);
            }

            // The grid authority countersigns what the paper says it must (promises; a settlement the winner
            // brings); the rules still check that exactly the right parties signed.
            if (transaction.Payload is PromiseCreatePayload or SettlePayload && !transaction.Signers.Contains(engine.GridAuthorityDid, StringComparer.Ordinal))
            {
                transaction = transaction.Countersign(api.Server.Key);
            }

            return Answer(await engine.SubmitMarketAsync(transaction, ct));
        });

        // Queries: registered participants only (signed requests).
        var queries = market.MapGroup(string.Empty).AddEndpointFilter(async (context, next) =>
        {
            var (requester, error) = api.Requester(context.HttpContext.Request);
            if (error is not null)
            {
                return error;
            }

            return requester is not null && api.IsParticipant(requester)
                ? await next(context)
                : ApiContext.Error(403, "forbidden", "Market data is visible to registered participants (sign the request, see docs/ledger.md).");
        });

        queries.MapGet("/promises", (string? owner, string? supplier, string? status) => ApiJson.List(engine.ReadState(s => s.Market.Promises
            .Where(p => (owner is null || p.Owner == owner) && (supplier is null || p.Supplier == supplier) && (status is null || string.Equals(p.Status.ToString(), status, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(p => p.StartMs).ThenBy(p => p.Id, StringComparer.Ordinal)
            .Select(p => MarketJson.Promise(s, p)).ToList())));

        queries.MapGet("/promises/{id}", (string id) => engine.ReadState(s => s.Market.FindPromise(id) is { } p
            ? ApiJson.Ok(MarketJson.Promise(s, p))
            : ApiContext.Error(404, nameof(MarketError.UnknownPromise), $"No promise {id}.")));

        queries.MapGet("/auctions", (string? status) => ApiJson.List(engine.ReadState(s => s.Market.Auctions
            .Where(a => status is null || string.Equals(a.Status.ToString(), status, StringComparison.OrdinalIgnoreCase))
            .OrderBy(a => a.DeadlineMs).ThenBy(a => a.Id, StringComparer.Ordinal)
            .Select(a => MarketJson.Auction(s, a, withBids: false)).ToList())));

        queries.MapGet("/auctions/{id}", (string id) => engine.ReadState(s => s.Market.FindAuction(id) is { } a
            ? ApiJson.Ok(MarketJson.Auction(s, a, withBids: true))
            : ApiContext.Error(404, nameof(MarketError.UnknownAuction), $"No auction {id}.")));

        queries.MapGet("/accounts/{did}", (string did) => ApiJson.Ok(engine.ReadState(s => MarketJson.Account(s.Market, did))));

        queries.MapGet("/settlements", () => ApiJson.List(engine.ReadState(s => s.MarketBook.Settlements.Select(x => MarketJson.Settlement(x, s.Market.Currency)).ToList())));

        queries.MapGet("/tariff", (long? version) => engine.ReadState(s => (version is null ? s.Market.CurrentTariff : s.Market.Tariff(version.Value)) is { } t
            ? ApiJson.Ok(MarketJson.Tariff(t))
            : ApiContext.Error(404, nameof(MarketError.NoTariff), version is null ? "The grid authority has not published a tariff yet." : $"No tariff version {version}.")));

        queries.MapGet("/templates", () => ApiJson.List(engine.ReadState(s => Enum.GetValues<ContractKind>()
            .SelectMany(kind => Enumerable.Range(1, (int)s.Market.LatestTemplateVersion(kind)).Select(v => s.Market.Template(kind, v)!))
            .Select(MarketJson.Template).ToList())));

        queries.MapGet("/contracts/{id}", (string id) => engine.ReadState(s => MarketJson.Contract(s, id) is { } contract
            ? ApiJson.Ok(contract)
            : ApiContext.Error(404, "UnknownContract", $"No promise or auction {id} was created by a transaction with a contract (a split or merged promise carries its parents' contracts).")));

        queries.MapGet("/state", () => ApiJson.Ok(engine.ReadState(s => MarketJson.State(s.Market))));
    }

    internal static IResult Answer(MarketAppendResult result) => result.Violation is { } v
        ? ApiContext.Error(MarketJson.StatusOf(v.Error), v.Error.ToString(), v.Message)
        : ApiJson.Ok(new JsonObject { ["id"] = result.Transaction.Id, ["logIndex"] = result.LogIndex, ["type"] = result.Transaction.Payload.Type });
}
