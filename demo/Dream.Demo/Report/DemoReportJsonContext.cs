using System.Text.Json.Serialization;

namespace Dream.Demo.Report;

/// <summary>The source-generated contract of <c>--json-report</c>: camelCase, indented.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(DemoReport))]
internal sealed partial class DemoReportJsonContext : JsonSerializerContext;
