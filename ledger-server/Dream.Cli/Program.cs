using System.CommandLine;
using Dream.Cli;

var root = new RootCommand("dream: trade power promises on a Dream ledger (keys, promises, auctions, bids, settlement, balances, contracts).");
var options = new GlobalOptions();
options.AddTo(root);
Commands.AddAll(root, options);
return await root.Parse(args).InvokeAsync();
