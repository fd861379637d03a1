namespace Dream.Cli.Commands;

/// <summary><c>dream promises [--mine]</c>: the market's promises, or only yours.</summary>
internal sealed class PromisesCommand : ICliCommand
{
    private static readonly string[] Columns = ["id", "owner", "amountWh", "start", "end", "deposit", "status", "outcome", "auction"];

    public Command Create(GlobalOptions o)
    {
        var mine = new Option<bool>("--mine") { Description = "Only promises you own." };
        var promises = new Command("promises", "List promises.") { mine };
        promises.SetAction((parse, ct) => CommandAction.Run(async () =>
        {
            using var client = o.Client(parse);
            var list = await client.GetAsync(parse.GetValue(mine) ? $"api/v1/market/promises?owner={Uri.EscapeDataString(client.Key.PublicKey.Did)}" : "api/v1/market/promises", ct);
            return Output.Print(parse, o, list, () => Output.Table(list, Columns));
        }));
        return promises;
    }
}
