namespace Dream.Ledger.Storage;

/// <summary>
/// The database's schema is not one this build can use: newer than it knows (written by a later dream-ledger), or
/// older and opened read only, so it cannot be migrated. The message is one line saying what to do.
/// </summary>
public sealed class StoreSchemaException : IOException
{
    public StoreSchemaException()
    {
    }

    public StoreSchemaException(string message)
        : base(message)
    {
    }

    public StoreSchemaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public static StoreSchemaException Newer(string database, int found, int known) =>
        new($"{database} has schema version {found}, newer than this dream-ledger knows ({known}): it was written by a later dream-ledger; run that one, or restore a backup from before the upgrade.");

    public static StoreSchemaException Older(string database, int found, int known) =>
        new($"{database} has schema version {found}, older than this dream-ledger's {known}, and is open read only: `dream-ledger run` migrates it when it starts; start the server on it once, or audit a copy after that.");
}
