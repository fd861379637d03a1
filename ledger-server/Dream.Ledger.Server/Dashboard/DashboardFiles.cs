using Microsoft.AspNetCore.StaticFiles;

namespace Dream.Ledger.Server.Dashboard;

/// <summary>
/// The dashboard's pages from <c>wwwroot/</c> beside the executable. Served by an endpoint rather than the
/// static-files middleware so that they exist on the admin listener only.
/// </summary>
public sealed class DashboardFiles(string root)
{
    private readonly string _root = Path.GetFullPath(root) + Path.DirectorySeparatorChar;
    private readonly FileExtensionContentTypeProvider _types = new();

    public IResult Serve(string? path)
    {
        if (!Directory.Exists(_root))
        {
            return Results.Text($"The dashboard's files are missing: {root} does not exist.", statusCode: 500);
        }

        var relative = string.IsNullOrEmpty(path) || path.EndsWith('/') ? (path ?? string.Empty) + "index.html" : path;
        var full = Path.GetFullPath(Path.Combine(_root, relative));
        if (!full.StartsWith(_root, StringComparison.Ordinal) || !File.Exists(full))
        {
            return Results.NotFound();
        }

        if (!_types.TryGetContentType(full, out var type))
        {
            type = "application/octet-stream";
        }

        if (type.StartsWith("text/", StringComparison.Ordinal) || type.EndsWith("javascript", StringComparison.Ordinal))
        {
            type += "; charset=utf-8";
        }

        return Results.File(full, type);
    }
}
