using System.Diagnostics;
using System.Text;

namespace Dream.Testing;

/// <summary>How <see cref="ExternalProgram"/> and <see cref="RunningProgram"/> start a program: redirected UTF-8 output, no shell.</summary>
internal static class ProgramStart
{
    public static ProcessStartInfo Info(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment, bool redirectInput = false)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return info;
    }
}
