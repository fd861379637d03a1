using System.Data.Common;

namespace Dream.Ledger.Storage;

/// <summary>One step of a store's schema: applied once, in its own transaction, and recorded in <c>schema_migrations</c>.</summary>
public sealed record SchemaMigration(int Version, string Description, Action<DbConnection> Apply);
