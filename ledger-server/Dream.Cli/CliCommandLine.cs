using Dream.Cli.Commands;

namespace Dream.Cli;

/// <summary>The <c>dream</c> command tree. A command is one class in Commands/ implementing
/// <see cref="ICliCommand"/>, listed here in the order <c>--help</c> shows them.</summary>
internal static class CliCommandLine
{
    private static readonly ICliCommand[] All =
    [
        new KeyCommand(),
        new PromiseCommand(),
        new AuctionCommand(),
        new BidCommand(),
        new SettleCommand(),
        new PromisesCommand(),
        new ListCommand("auctions", "List auctions.", "api/v1/market/auctions", "id", "promise", "seller", "basePrice", "deadline", "status", "bestBid", "bestBidder"),
        new ListCommand("settlements", "List settlements: who bought which promise for how much, and who signed.", "api/v1/market/settlements", "auction", "promise", "seller", "buyer", "price", "signedBy"),
        new BalanceCommand(),
        new ContractCommand(),
    ];

    public static RootCommand Build()
    {
        var root = new RootCommand("dream: trade power promises on a Dream ledger (keys, promises, auctions, bids, settlement, balances, contracts).");
        var options = new GlobalOptions();
        options.AddTo(root);
        foreach (var command in All)
        {
            root.Subcommands.Add(command.Create(options));
        }

        return root;
    }
}
