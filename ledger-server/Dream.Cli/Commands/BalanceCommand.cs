namespace Dream.Cli.Commands;

/// <summary><c>dream balance [did]</c>: an account's available, held and escrowed money, in the market's currency.</summary>
internal sealed class BalanceCommand : ICliCommand
{
    public Command Create(GlobalOptions o)
    {
        var of = new Argument<string?>("did") { Description = "Whose account (default: yours).", Arity = ArgumentArity.ZeroOrOne };
        var balance = new Command("balance", "Show an account: available, held for bids, escrowed deposits.") { of };
        balance.SetAction((parse, ct) => CommandAction.Run(async () =>
        {
            using var client = o.Client(parse);
            var did = parse.GetValue(of) ?? client.Key.PublicKey.Did;
            var account = await client.GetAsync($"api/v1/market/accounts/{did}", ct);
            return Output.Print(parse, o, account, () =>
            {
                var currency = account.GetProperty("currency").GetString()
                    ?? throw new CliException("NoTariff", "The grid authority has not published a tariff yet, so the market has no currency.");
                string Amount(string name) => MoneyText.Format(account.GetProperty(name + "Minor").GetInt64(), currency);
                Console.WriteLine($"available {Amount("available")} held {Amount("held")} escrowed {Amount("escrowed")}");
            });
        }));
        return balance;
    }
}
