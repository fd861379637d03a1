using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dream.Market;
using Dream.Market.Contracts;
using Dream.Market.Transactions;

namespace Dream.Ledger.Server.Api;

/// <summary>
/// The grid authority's market administration on the admin listener (bearer token): publish a tariff or a
/// contract template, credit or debit an account against an external payment reference. The server signs
/// each with the GA key; the market's rules decide, and a refusal names the rule.
/// </summary>
public static class MarketAdminEndpoints
{
    public static void Map(IEndpointRouteBuilder app, ApiContext api)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(api);
        var server = api.Server;
        var engine = server.Engine;
        var token = Encoding.UTF8.GetBytes("Bearer " + server.AdminToken);
        var admin = app.MapGroup("/admin/v1/market").AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (http.Connection.LocalPort != api.AdminPort)
            {
                return Results.NotFound();
            }

            var given = Encoding.UTF8.GetBytes(http.Request.Headers.Authorization.FirstOrDefault() ?? string.Empty);
            return CryptographicOperations.FixedTimeEquals(given, token) ? await next(context) : ApiContext.Error(401, "unauthenticated", "The admin API needs the token in admin.token.");
        });

        admin.MapPost("/tariff", async (HttpRequest request, CancellationToken ct) =>
        {
            using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
            var root = body.RootElement;
            var current = engine.ReadState(s => s.Market.CurrentTariff);
            var currency = String(root, "currency") ?? current?.Currency;
            if (currency is null || Long(root, "penaltyPerKwh") is not { } penalty || Long(root, "gridFeePerKwh") is not { } fee
                || Long(root, "minWh") is not { } min || Long(root, "maxWh") is not { } max || Long(root, "graceMs") is not { } grace)
            {
                return ApiContext.Error(400, "bad_request", "Need currency (ISO 4217; fixed by the first tariff), penaltyPerKwh, gridFeePerKwh, minWh, maxWh and graceMs (integers).");
            }

            return await SubmitAsync(api, new TariffPayload
            {
                Version = (current?.Version ?? 0) + 1,
                Currency = currency,
                PenaltyPerKwh = penalty,
                GridFeePerKwh = fee,
                MinWh = min,
                MaxWh = max,
                GraceMs = grace,
                AtMs = Now(api),
            }, ct);
        });

        admin.MapPost("/templates", async (HttpRequest request, CancellationToken ct) =>
        {
            using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
            var kind = ContractKinds.Parse(String(body.RootElement, "kind") ?? string.Empty);
            var text = String(body.RootElement, "text");
            if (kind is null || string.IsNullOrEmpty(text))
            {
                return ApiContext.Error(400, "bad_request", "Need kind (promise or auction) and text (the template, with {{parameter}} placeholders).");
            }

            var version = engine.ReadState(s => s.Market.LatestTemplateVersion(kind.Value)) + 1;
            return await SubmitAsync(api, new ContractTemplatePayload { Kind = kind.Value, Version = version, Text = text, AtMs = Now(api) }, ct);
        });

        admin.MapPost("/credit", (HttpRequest request, CancellationToken ct) => MoneyAsync(api, request, credit: true, ct));
        admin.MapPost("/debit", (HttpRequest request, CancellationToken ct) => MoneyAsync(api, request, credit: false, ct));
    }

    private static async Task<IResult> MoneyAsync(ApiContext api, HttpRequest request, bool credit, CancellationToken ct)
    {
        using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
        var root = body.RootElement;
        var currency = String(root, "currency") ?? api.Server.Engine.ReadState(s => s.Market.Currency);
        if (String(root, "account") is not { } account || Long(root, "amount") is not { } amount || String(root, "reference") is not { } reference)
        {
            return ApiContext.Error(400, "bad_request", "Need account (did:key), amount (minor units, integer) and reference (the external payment's id).");
        }

        if (currency is null)
        {
            return ApiContext.Error(409, nameof(MarketError.NoTariff), "The grid authority has not published a tariff yet, so the market has no currency.");
        }

        MarketPayload payload = credit
            ? new AccountCreditPayload { Account = account, Amount = amount, Currency = currency, Reference = reference, AtMs = Now(api) }
            : new AccountDebitPayload { Account = account, Amount = amount, Currency = currency, Reference = reference, AtMs = Now(api) };
        return await SubmitAsync(api, payload, ct);
    }

    private static async Task<IResult> SubmitAsync(ApiContext api, MarketPayload payload, CancellationToken ct)
    {
        MarketTransaction transaction;
        try
        {
            transaction = MarketTransaction.Create(payload, api.Server.Key);
        }
        catch (MarketException e)
        {
            return ApiContext.Error(MarketJson.StatusOf(e.Error), e.Error.ToString(), e.Message);
        }

        return MarketEndpoints.Answer(await api.Server.Engine.SubmitMarketAsync(transaction, ct));
    }

    private static long Now(ApiContext api) => api.Time.GetUtcNow().ToUnixTimeMilliseconds();

    private static string? String(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Long(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : null;
}
