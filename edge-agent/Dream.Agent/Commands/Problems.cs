using Dream.Serial;

namespace Dream.Agent.Commands;

/// <summary>Turns the failures a technician can meet into one message and an exit code.</summary>
internal static class Problems
{
    public static async Task<int> RunAsync(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (e is FormatException or MeterProfileException or ArgumentOutOfRangeException or Dream.Crypto.InsecureKeyFileException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.UsageProblem;
        }
        catch (Exception e) when (e is ModbusException or ModbusProtocolException or ModbusTimeoutException or SerialPortException or MeterNotFoundException or IOException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.MeterProblem;
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Success;
        }
    }
}
