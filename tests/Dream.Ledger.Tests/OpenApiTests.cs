using Dream.Contracts.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Dream.Ledger.Tests;

/// <summary>
/// The OpenAPI document the ledger serves describes exactly the routes it maps, every response has a schema, and
/// what the ledger answers conforms to those schemas (no member missing, none undocumented).
/// </summary>
public sealed class OpenApiTests
{
    [Fact]
    public async Task Every_operation_has_a_response_schema_and_the_document_lists_exactly_the_served_routes()
    {
        await using var ledger = await TestLedger.StartAsync();
        using var document = JsonDocument.Parse(await ledger.Public.GetStringAsync("openapi.json"));
        var paths = document.RootElement.GetProperty("paths");
        var documented = new List<string>();
        foreach (var path in paths.EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var name = $"{operation.Name.ToUpperInvariant()} {path.Name}";
                documented.Add(name);
                var responses = operation.Value.GetProperty("responses").EnumerateObject().ToList();
                Assert.True(responses.Any(r => r.Name.StartsWith('2')), $"{name} documents no success response");
                foreach (var response in responses)
                {
                    var content = response.Value.TryGetProperty("content", out var c) ? c.EnumerateObject().ToList() : [];
                    Assert.True(content.Count > 0, $"{name} {response.Name} has no content");
                    Assert.All(content, media => Assert.True(media.Value.TryGetProperty("schema", out _), $"{name} {response.Name} {media.Name} has no schema"));
                }
            }
        }

        // The dashboard (its page and its data for the page's own script) is not part of the API.
        var served = ledger.Server.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && !raw.StartsWith("/dashboard", StringComparison.Ordinal) && raw != "/")
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {Normalize(e.RoutePattern.RawText!)}"))
            .ToList();
        Assert.Equal(served.Order(), documented.Order());
    }

    [Fact]
    public async Task What_the_ledger_answers_conforms_to_the_documented_schemas()
    {
        await using var ledger = await TestLedger.StartAsync();
        var agent = await ledger.AddApprovedAgentAsync();
        // Readings 1 and 3: a gap, so /api/v1/gaps has something to list.
        var first = agent.Next();
        _ = agent.Next();
        var third = agent.Next();
        await agent.PublishAsync(first);
        await agent.PublishAsync(third);
        await agent.WaitForReceiptAsync(1, r => r.SeenThrough >= 3);
        using (var tariff = await ledger.Admin.PostAsJsonAsync("admin/v1/market/tariff", new { currency = "EUR", penaltyPerKwh = 30, gridFeePerKwh = 2, minWh = 100, maxWh = 100_000, graceMs = 900_000 }))
        {
            Assert.True(tariff.IsSuccessStatusCode, await tariff.Content.ReadAsStringAsync());
        }

        await ledger.Server.Checkpoints.SignIfGrownAsync();
        using var document = JsonDocument.Parse(await ledger.Public.GetStringAsync("openapi.json"));
        var api = document.RootElement;
        var device = Uri.EscapeDataString(agent.Device);
        var ga = ledger.Server.Key;
        (string Template, string Path, bool Admin, bool Sign)[] requests =
        [
            ("/log/checkpoints", "/log/checkpoints", false, false),
            ("/log/witnesses", "/log/witnesses", false, false),
            ("/log/tile/{path}", "/log/tile/entries/000", false, false),
            ("/log/tile/{path}", "/log/tile/0/x1", false, false),
            ("/log/entries", "/log/entries?start=0&count=3", false, true),
            ("/log/entries", "/log/entries", false, false),
            ("/log/entries/{index}", "/log/entries/1", false, true),
            ("/log/proof/inclusion", "/log/proof/inclusion?index=1&size=3", false, false),
            ("/log/proof/consistency", "/log/proof/consistency?from=1&to=3", false, false),
            ("/api/v1/passports/{id}", "/api/v1/passports/" + agent.Passport.Id, false, false),
            ("/api/v1/participants", "/api/v1/participants", false, true),
            ("/api/v1/readings", $"/api/v1/readings?device={device}", false, true),
            ("/api/v1/gaps", $"/api/v1/gaps?device={device}", false, true),
            ("/api/v1/market/tariff", "/api/v1/market/tariff", false, true),
            ("/api/v1/market/state", "/api/v1/market/state", false, true),
            ("/api/v1/market/accounts/{did}", "/api/v1/market/accounts/" + agent.Device, false, true),
            ("/api/v1/market/templates", "/api/v1/market/templates", false, true),
            ("/api/v1/market/promises", "/api/v1/market/promises", false, true),
            ("/admin/v1/participants", "/admin/v1/participants", true, false),
            ("/admin/v1/passports", "/admin/v1/passports", true, false),
            ("/admin/v1/quarantine/summary", "/admin/v1/quarantine/summary", true, false),
            ("/admin/v1/quarantine", "/admin/v1/quarantine", true, false),
            ("/log/entries", "/log/entries?count=0", false, false),
            ("/log/proof/inclusion", "/log/proof/inclusion?index=5&size=1", false, false),
        ];
        foreach (var (template, path, admin, sign) in requests)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path.TrimStart('/'));
            if (sign)
            {
                SignedRequest.AddHeaders(request, ga, path, ledger.Time.GetUtcNow().ToUnixTimeMilliseconds());
            }

            using var response = await (admin ? ledger.Admin : ledger.Public).SendAsync(request);
            var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.Headers.Contains(SignedRequest.TimeHeader), $"{path}: no {SignedRequest.TimeHeader} header");
            var responses = api.GetProperty("paths").GetProperty(template).GetProperty("get").GetProperty("responses");
            Assert.True(responses.TryGetProperty(status, out var documented), $"{path} answered {status}, which is not documented: {body}");
            var schema = documented.GetProperty("content").EnumerateObject().First().Value.GetProperty("schema");
            using var answer = JsonDocument.Parse(body);
            var problems = new List<string>();
            Conform(api, schema, answer.RootElement, path, problems);
            Assert.True(problems.Count == 0, $"{path} ({status}): {string.Join("; ", problems)}\n{body}");
        }
    }

    private static string Normalize(string route) =>
        System.Text.RegularExpressions.Regex.Replace(route, @"\{(\*\*)?([A-Za-z]+)(:[a-z]+)?\}", "{$2}");

    /// <summary>The part of JSON Schema the document uses: $ref, type (one or a list), enum, required, properties (closed), items.</summary>
    private static void Conform(JsonElement api, JsonElement schema, JsonElement value, string at, List<string> problems)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!["#/components/schemas/".Length..];
            Conform(api, api.GetProperty("components").GetProperty("schemas").GetProperty(name), value, at, problems);
            return;
        }

        if (schema.TryGetProperty("type", out var type))
        {
            var types = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToList() : [type.GetString()!];
            var actual = value.ValueKind switch
            {
                JsonValueKind.Object => "object",
                JsonValueKind.Array => "array",
                JsonValueKind.String => "string",
                JsonValueKind.Number => value.TryGetInt64(out _) && types.Contains("integer") ? "integer" : "number",
                JsonValueKind.True or JsonValueKind.False => "boolean",
                _ => "null",
            };
            if (!types.Contains(actual))
            {
                problems.Add($"{at} is {actual}, not {string.Join(" or ", types)}");
                return;
            }
        }

        if (schema.TryGetProperty("enum", out var values) && !values.EnumerateArray().Any(v => v.ToString() == value.ToString() && v.ValueKind == value.ValueKind))
        {
            problems.Add($"{at} = {value} is not one of {values}");
        }

        if (value.ValueKind == JsonValueKind.Object && schema.TryGetProperty("properties", out var properties))
        {
            var required = schema.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(x => x.GetString()!).ToList() : [];
            problems.AddRange(required.Where(name => !value.TryGetProperty(name, out _)).Select(name => $"{at}.{name} is missing"));
            foreach (var member in value.EnumerateObject())
            {
                if (properties.TryGetProperty(member.Name, out var memberSchema))
                {
                    Conform(api, memberSchema, member.Value, $"{at}.{member.Name}", problems);
                }
                else
                {
                    problems.Add($"{at}.{member.Name} is not documented");
                }
            }
        }

        if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            var i = 0;
            foreach (var item in value.EnumerateArray())
            {
                Conform(api, items, item, $"{at}[{i++}]", problems);
            }
        }
    }
}
