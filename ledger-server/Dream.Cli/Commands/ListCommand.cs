namespace Dream.Cli.Commands;

/// <summary>A market list with no options (<c>dream auctions</c>, <c>dream settlements</c>): a table of <paramref name="columns"/>, or the ledger's JSON.</summary>
internal sealed class ListCommand(string name, string description, string path, params string[] columns) : ICliCommand
{
    public Command Create(GlobalOptions o)
    {
        var command = new Command(name, description);
        command.SetAction((parse, ct) => CommandAction.Run(async () =>
        {
            using var client = o.Client(parse);
            var list = await client.GetAsync(path, ct);
            return Output.Print(parse, o, list, () => Output.Table(list, columns));
        }));
        return command;
    }
}
