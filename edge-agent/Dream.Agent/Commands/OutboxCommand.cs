using Dream.Edge.Outbox;

namespace Dream.Agent.Commands;

/// <summary>dream-agent outbox export: every unreceipted signed reading, one envelope per line, exactly as it travels.</summary>
internal sealed class OutboxCommand : IAgentCommand
{
    public Command Create()
    {
        var dataDir = DataDirectoryOption.Create();
        var export = new Command("export", "Print the signed readings not yet receipted by the ledger as JSON lines (one envelope per line), for audits.") { dataDir };
        export.SetAction(parse =>
        {
            var path = Path.Combine(parse.GetValue(dataDir)!.FullName, "outbox.db");
            if (!File.Exists(path))
            {
                Console.Error.WriteLine($"error: there is no outbox at {path}.");
                return ExitCodes.UsageProblem;
            }

            using var store = OutboxStore.Open(path);
            using var stdout = Console.OpenStandardOutput();
            var from = 0L;
            while (true)
            {
                var batch = store.ReadFrom(from, 1000);
                if (batch.Count == 0)
                {
                    break;
                }

                foreach (var reading in batch)
                {
                    stdout.Write(reading.Envelope);
                    stdout.WriteByte((byte)'\n');
                }

                from = batch[^1].Sequence + 1;
            }

            var (sequence, _) = store.Head;
            Console.Error.WriteLine($"{store.Count} readings; last sequence {sequence}; receipted through {store.LastReceipt.ThroughSequence}.");
            return ExitCodes.Success;
        });
        return new Command("outbox", "Inspect the agent's durable outbox.") { export };
    }
}
