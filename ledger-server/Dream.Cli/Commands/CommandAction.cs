using Dream.Crypto;
using Dream.Market;

namespace Dream.Cli.Commands;

/// <summary>
/// Runs a command's action and turns what went wrong into one line on stderr and the exit code: 1 when the ledger
/// (or a market rule checked here) refused, 2 when the command itself could not be carried out.
/// </summary>
internal static class CommandAction
{
    public static async Task<int> Run(Func<Task<int>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            return await action();
        }
        catch (CliException e)
        {
            await Console.Error.WriteLineAsync(e.Rule is null ? $"error: {e.Message}" : $"refused ({e.Rule}): {e.Message}");
            return e.Rule is null ? 2 : 1;
        }
        catch (MarketException e)
        {
            await Console.Error.WriteLineAsync($"refused ({e.Error}): {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is InsecureKeyFileException or KeyFileFormatException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 2;
        }
    }
}
