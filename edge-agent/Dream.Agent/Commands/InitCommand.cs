using Dream.Edge.Outbox;
using Dream.Edge.Service;

namespace Dream.Agent.Commands;

/// <summary>
/// dream-agent init: creates the gateway's device key (once) and the empty outbox, owned by whoever runs it
/// (the agent's user), and prints the device's identity.
/// </summary>
internal sealed class InitCommand : IAgentCommand
{
    public Command Create()
    {
        var dataDir = DataDirectoryOption.Create();
        var command = new Command("init", "Create the device key in the data directory (never overwrites one) and print the device's did:key.") { dataDir };
        command.SetAction(parse =>
        {
            var directory = parse.GetValue(dataDir)!.FullName;
            try
            {
                var (key, created) = DeviceKeyStore.CreateOrLoad(directory);
                OutboxStore.Open(Path.Combine(directory, "outbox.db")).Dispose();
                using (key)
                {
                    Console.Error.WriteLine(created
                        ? $"Created the device key {DeviceKeyStore.PathIn(directory)} (mode 0600)."
                        : $"The device key {DeviceKeyStore.PathIn(directory)} already exists; kept it.");
                    Console.WriteLine(key.PublicKey.Did);
                }

                return ExitCodes.Success;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or Dream.Crypto.InsecureKeyFileException or Dream.Crypto.KeyFileFormatException or Microsoft.Data.Sqlite.SqliteException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.UsageProblem;
            }
        });
        return command;
    }
}
