using Dream.Ledger.Server.Hosting;

namespace Dream.Ledger.Server.Api;

/// <summary>Metrics (Prometheus text), health, readiness and the OpenAPI document.</summary>
public static class OpsEndpoints
{
    public static void Map(IEndpointRouteBuilder app, ApiContext api)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(api);
        var server = api.Server;
        app.MapGet("/metrics", () => Results.Text(server.Engine.Metrics.ToPrometheusText() + server.Mqtt?.ToPrometheusText() + server.Checkpoints.Witnesses?.ToPrometheusText(), "text/plain; version=0.0.4; charset=utf-8"));
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/readyz", () => ServerReadiness.Reasons(server) is { Count: > 0 } reasons
            ? Results.Text($"not ready: {string.Join("; ", reasons)}\n", statusCode: 503)
            : Results.Text("ready\n"));
        app.MapGet("/openapi.json", () =>
        {
            using var stream = typeof(OpsEndpoints).Assembly.GetManifestResourceStream("openapi.json")!;
            using var reader = new StreamReader(stream);
            return Results.Text(reader.ReadToEnd(), "application/json");
        });
    }
}
