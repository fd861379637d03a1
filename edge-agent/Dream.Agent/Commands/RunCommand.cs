using Dream.Agent.Service;
using Dream.Edge.Configuration;
using Dream.Edge.Metering;
using Dream.Edge.Service;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dream.Agent.Commands;

/// <summary>dream-agent run: the service. Reads the meters, signs interval readings, streams them to the broker.</summary>
internal sealed class RunCommand : IAgentCommand
{
    public const string DefaultConfig = "/etc/dream/agent.json";

    public Command Create()
    {
        var config = new Option<FileInfo>("--config")
        {
            Description = "The agent's configuration (see docs/agent.md); DREAM_AGENT__section__key environment variables override it.",
            DefaultValueFactory = _ => new FileInfo(DefaultConfig),
        };
        var profiles = SharedOptions.ProfilesDirectory();
        var command = new Command("run", "Run the agent service (systemd starts this: Type=notify).") { config, profiles };
        command.SetAction(async (parse, cancellationToken) =>
        {
            AgentOptions options;
            ProfileCatalog catalog;
            try
            {
                options = AgentConfigLoader.Load(parse.GetValue(config)!.FullName);
                catalog = SharedOptions.LoadCatalog(parse.GetValue(profiles));
                foreach (var (meter, index) in options.Meters.Select((m, i) => (m, i)).Where(p => p.m.Uri.Scheme != "s0"))
                {
                    try
                    {
                        catalog.Get(meter.Profile);
                    }
                    catch (MeterProfileException e)
                    {
                        throw new AgentConfigException([new ConfigError($"meters[{index}].profile", e.Message)]);
                    }
                }
            }
            catch (AgentConfigException e)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return ExitCodes.UsageProblem;
            }
            catch (MeterProfileException e)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return ExitCodes.UsageProblem;
            }

            Dream.Crypto.Ed25519PrivateKey key;
            try
            {
                key = DeviceKeyStore.Load(options.DataDirectory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or Dream.Crypto.InsecureKeyFileException or Dream.Crypto.KeyFileFormatException)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return ExitCodes.UsageProblem;
            }

            using (key)
            {
                await using var meters = new AgentMeterFactory(catalog);
                var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
                builder.Logging.ClearProviders();
                if (Environment.GetEnvironmentVariable("JOURNAL_STREAM") is not null)
                {
                    // journald reads "<N>" priority prefixes: warnings and errors keep their severity there.
                    builder.Logging.AddSystemdConsole();
                }
                else
                {
                    builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ "; o.UseUtcTimestamp = true; });
                }

                builder.Logging.SetMinimumLevel(LogLevel.Information);
                builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));
                builder.Services.AddEdgeAgent(options, meters, key);
                using var host = builder.Build();
                await host.RunAsync(cancellationToken);
                return Environment.ExitCode;
            }
        });
        return command;
    }
}
