namespace Dream.Ledger.Server.Api;

/// <summary>
/// Every JSON response of the API and the dashboard: a <see cref="JsonNode"/> written through the source-generated
/// contract (<see cref="LedgerApiJsonContext"/>), so the trimmed and AOT builds need no reflection. The shapes are
/// the ones the anonymous objects had: the same names, order, nulls and web defaults.
/// </summary>
internal static class ApiJson
{
    public static IResult Ok(JsonNode? body, int? statusCode = null) =>
        Results.Json(body, LedgerApiJsonContext.Default.JsonNode, statusCode: statusCode);

    /// <summary>A JSON array response.</summary>
    public static IResult List(IEnumerable<JsonNode?> items) => Ok(Array(items));

    public static JsonArray Array(IEnumerable<JsonNode?> items) => [.. items];

    public static JsonArray Array(IEnumerable<string> items) => [.. items.Select(i => (JsonNode?)i)];

    public static JsonArray Array(IEnumerable<long> items) => [.. items.Select(i => (JsonNode?)i)];
}
