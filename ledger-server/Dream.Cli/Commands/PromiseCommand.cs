using System.Globalization;
using Dream.Market.Contracts;

namespace Dream.Cli.Commands;

/// <summary><c>dream promise create | split | merge | substitute</c>: signed transactions on power promises.</summary>
internal sealed class PromiseCommand : ICliCommand
{
    public Command Create(GlobalOptions o) =>
        new("promise", "Create, split, merge and substitute power promises.") { CreatePromise(o), Split(o), Merge(o), Substitute(o) };

    private static Command CreatePromise(GlobalOptions o)
    {
        var passport = new Option<string>("--passport") { Description = "Your metering point's passport id.", Required = true };
        var amount = new Option<long>("--amount-wh") { Description = "Energy promised, Wh.", Required = true };
        var start = new Option<string>("--start") { Description = "Delivery window start: Unix ms or ISO 8601 UTC, on a quarter hour.", Required = true };
        var end = new Option<string>("--end") { Description = "Delivery window end: Unix ms or ISO 8601 UTC, on a quarter hour.", Required = true };
        var create = new Command("create", "Promise energy from your metering point in a window; the deposit goes into escrow.") { passport, amount, start, end };
        create.SetAction((parse, ct) => CommandAction.Run(async () =>
        {
            using var client = o.Client(parse);
            var tariff = await client.TariffAsync(ct);
            var template = await client.LatestTemplateAsync(ContractKind.Promise, ct);
            var payload = ContractDrafts.Promise(
                client.Key.PublicKey.Did, parse.GetValue(passport)!, parse.GetValue(amount), TimeInput.ParseMs(parse.GetValue(start)!), TimeInput.ParseMs(parse.GetValue(end)!), tariff, template, client.NowMs());
            return Output.Done(parse, o, await client.SubmitAsync(MarketTransaction.Create(payload, client.Key), ct), $"promise {{id}} created (deposit {MoneyText.Format(payload.Deposit, tariff.Currency)} in escrow)");
        }));
        return create;
    }

    private static Command Split(GlobalOptions o)
    {
        var promise = new Argument<string>("promise") { Description = "The promise id." };
        var parts = new Option<string>("--parts") { Description = "Comma-separated Wh of the parts; they must sum to the promise.", Required = true };
        var split = new Command("split", "Split an unexpired promise you own into parts that sum exactly.") { promise, parts };
        split.SetAction((parse, ct) => CommandAction.Run(async () =>
        {
            using var client = o.Client(parse);
            var values = parse.GetValue(parts)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(p => long.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : throw new CliException($"--parts: {p} is not a whole number of Wh.")).ToList();
            var payload = new PromiseSplitPayload { Promise = parse.GetValue(promise)!, Owner = client.Key.PublicKey.Did, Parts = values, AtMs = client.NowMs() };
            return Output.Done(parse, o, await client.SubmitAsync(MarketTransaction.Create(payload, client.Key), ct), "promise split by transaction {id}");
        }));
        return split;
    }

    private static Command Merge(GlobalOptions o)
    {
        var promises = new Argument<string[]>("promises") { Description = "The ids of 2 to 16 promises you own (same supplier, metering point, window and tariff).", Arity = ArgumentArity.OneOrMore };
        var merge = new Command("merge", "Merge promises you own into one.") { promises };
        merge.SetAction((parse, ct) => CommandAction.Run(async () =>
        {
            using var client = o.Client(parse);
            var payload = new PromiseMergePayload { Owner = client.Key.PublicKey.Did, Promises = parse.GetValue(promises)!, AtMs = client.NowMs() };
            return Output.Done(parse, o, await client.SubmitAsync(MarketTransaction.Create(payload, client.Key), ct), "promises merged by transaction {id}");
        }));
        return merge;
    }

    private static Command Substitute(GlobalOptions o)
    {
        var promise = new Argument<string>("promise") { Description = "The id of a promise you supplied." };
        var cover = new Option<string[]>("--cover")
        {
            Description = "A promise of another supplier you own for the same window; repeat for 1 to 16. They must sum exactly to the promise.",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
        };
        var substitute = new Command("substitute", "Cover a promise you supplied with others' promises you own, before its window starts: the cover goes to its owner, your deposit returns minus the fee.") { promise, cover };
        substitute.SetAction((parse, ct) => CommandAction.Run(async () =>
        {
            using var client = o.Client(parse);
            var payload = new PromiseSubstitutePayload { Promise = parse.GetValue(promise)!, Supplier = client.Key.PublicKey.Did, Cover = parse.GetValue(cover)!, AtMs = client.NowMs() };
            return Output.Done(parse, o, await client.SubmitAsync(MarketTransaction.Create(payload, client.Key), ct), $"promise {payload.Promise} substituted by transaction {{id}}");
        }));
        return substitute;
    }
}
