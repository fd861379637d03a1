namespace Dream.Agent.Commands;

/// <summary>dream-agent read: read every quantity of one meter once, or continuously.</summary>
internal sealed class ReadCommand : IAgentCommand
{
    public Command Create()
    {
        var meter = new Option<string>("--meter")
        {
            Description = "Where the meter is: rtu:///dev/ttyUSB0?baud=9600&parity=N&stop=1&unit=1, tcp://host:502?unit=1 or rtutcp://host:502?unit=1. Serial settings default to the profile's factory settings.",
            Required = true,
        };
        var profileId = new Option<string?>("--profile")
        {
            Description = "Profile id (see 'dream-agent profiles'); without it the meter is identified first.",
        };
        var watch = new Option<bool>("--watch") { Description = "Read again every --interval until Ctrl+C." };
        var interval = new Option<double>("--interval")
        {
            Description = "Seconds between reads with --watch.",
            DefaultValueFactory = _ => 5,
        };
        var retries = new Option<int>("--retries") { Description = "Retries after a timeout or a damaged answer.", DefaultValueFactory = _ => 2 };
        var json = SharedOptions.Json();
        var timeout = SharedOptions.TimeoutMilliseconds(1000);
        var directory = SharedOptions.ProfilesDirectory();
        var command = new Command("read", "Read a meter: every quantity of its profile, with units.")
        {
            meter, profileId, json, watch, interval, timeout, retries, directory,
        };
        command.SetAction((parse, cancellationToken) => Problems.RunAsync(async () =>
        {
            var catalog = SharedOptions.LoadCatalog(parse.GetValue(directory));
            var profile = parse.GetValue(profileId) is string id ? catalog.Get(id) : null;
            var address = MeterAddress.Parse(parse.GetValue(meter)!, profile?.Serial);
            await using var client = address.CreateClient(TimeSpan.FromMilliseconds(parse.GetValue(timeout)), parse.GetValue(retries));
            var device = client.Device(address.Unit, TimeSpan.FromMilliseconds(profile?.DelayBetweenRequestsMs ?? 0));
            if (profile is null)
            {
                var found = await MeterIdentifier.IdentifyAsync(device, catalog.All, cancellationToken)
                    ?? throw new MeterNotFoundException($"Unit {address.Unit} at {address.Endpoint} answers but matches no profile. Name one with --profile (see 'dream-agent profiles').");
                profile = found.Profile;
            }

            var reader = await MeterReader.CreateAsync(profile, device, cancellationToken: cancellationToken);
            var identity = parse.GetValue(json) ? null : await reader.ReadIdentityAsync(cancellationToken);
            var period = TimeSpan.FromSeconds(Math.Max(0.1, parse.GetValue(interval)));
            while (true)
            {
                MeterSnapshot snapshot;
                try
                {
                    snapshot = await reader.ReadAsync(cancellationToken);
                }
                catch (Exception e) when (parse.GetValue(watch) && e is ModbusTimeoutException or ModbusProtocolException or IOException)
                {
                    // Watching rides out a bad read: say so and try again at the next interval.
                    await Console.Error.WriteLineAsync($"error: {e.Message}");
                    await Task.Delay(period, cancellationToken);
                    continue;
                }

                if (identity is null)
                {
                    await Console.Out.WriteLineAsync(MeterOutput.Json(snapshot));
                    await Console.Out.FlushAsync(cancellationToken);
                    MeterOutput.Regressions(snapshot);
                }
                else
                {
                    MeterOutput.Table(identity, address.ToString(), snapshot);
                }

                if (!parse.GetValue(watch))
                {
                    return ExitCodes.Success;
                }

                await Task.Delay(period, cancellationToken);
            }
        }));
        return command;
    }
}
