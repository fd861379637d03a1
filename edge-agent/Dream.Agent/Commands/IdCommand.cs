using Dream.Edge.Service;

namespace Dream.Agent.Commands;

/// <summary>dream-agent id: prints the device's did:key.</summary>
internal sealed class IdCommand : IAgentCommand
{
    public Command Create()
    {
        var dataDir = DataDirectoryOption.Create();
        var command = new Command("id", "Print the device's did:key (its identity in readings and passports).") { dataDir };
        command.SetAction(parse =>
        {
            try
            {
                using var key = DeviceKeyStore.Load(parse.GetValue(dataDir)!.FullName);
                Console.WriteLine(key.PublicKey.Did);
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or Dream.Crypto.InsecureKeyFileException or Dream.Crypto.KeyFileFormatException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.UsageProblem;
            }
        });
        return command;
    }
}
