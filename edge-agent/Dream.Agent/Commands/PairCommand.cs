using System.Net.Http.Headers;
using Dream.Contracts;
using Dream.Crypto;
using Dream.Agent.Service;
using Dream.Contracts.Clock;
using Dream.Edge.Intervals;
using Dream.Edge.Metering;
using Dream.Edge.Outbox;
using Dream.Edge.Service;

namespace Dream.Agent.Commands;

/// <summary>
/// dream-agent pair: reads the meter's identity and its energy registers once through its profile, builds its
/// product passport (<c>dream.passport/2</c>: bound to this gateway's device key, with connection point, owner,
/// installer, the metering point's rating and the registers read now), signs it with the device key and the
/// installer's key, and submits it to the ledger or writes it to a file to submit later. The registers become
/// the meter's baseline in the outbox, so the agent's first reading measures its delta from them, exactly
/// as the ledger checks it.
/// </summary>
internal sealed class PairCommand : IAgentCommand
{
    public Command Create()
    {
        var meter = new Option<string>("--meter") { Description = "Where the meter is (as in 'dream-agent read'), e.g. rtu:///dev/ttyUSB0?unit=1 or tcp://host:502?unit=1.", Required = true };
        var profileId = new Option<string?>("--profile") { Description = "Profile id; without it the meter is identified first." };
        var installerKey = new Option<FileInfo>("--installer-key") { Description = "The installer's Ed25519 key file (PKCS#8 PEM, mode 0600).", Required = true };
        var owner = new Option<string>("--owner") { Description = "The owner's did:key.", Required = true };
        var connectionPoint = new Option<string>("--connection-point") { Description = "The grid connection point id (e.g. the EAN-18 metering point code).", Required = true };
        var serial = new Option<string?>("--serial") { Description = "The meter's serial number, when its profile cannot read it." };
        var measuresExport = new Option<bool?>("--measures-export") { Description = "Whether the meter measures export (default: whether its profile maps an export register)." };
        var ledger = new Option<string?>("--ledger-url") { Description = "Submit to the ledger: POST {url}/api/v1/passports." };
        var output = new Option<FileInfo?>("--out") { Description = "Write the signed passport (envelope JSON) to this file instead of submitting it." };
        var maxPower = new Option<long?>("--max-power-w") { Description = "The metering point's maximum power in W (rated current x voltage x phases), as agent.json's meters[].maxPowerW; default: the profile's rating." };
        var meterId = new Option<string>("--meter-id") { Description = "The meter's id in agent.json (meters[].id): the registers read now become its baseline in the outbox.", DefaultValueFactory = _ => "main" };
        var clockSpeed = new Option<double>("--clock-speed") { Description = "Testing only, as agent.json's testing.clockSpeed.", DefaultValueFactory = _ => 1, Hidden = true };
        var clockEpoch = new Option<long>("--clock-epoch-ms") { Description = "Testing only, as agent.json's testing.clockEpochMs.", Hidden = true };
        var dataDir = DataDirectoryOption.Create();
        var profiles = SharedOptions.ProfilesDirectory();
        var command = new Command("pair", "Create, sign and submit the product passport of a meter read by this gateway.")
        {
            meter, profileId, installerKey, owner, connectionPoint, serial, measuresExport, ledger, output, maxPower, meterId, clockSpeed, clockEpoch, dataDir, profiles,
        };
        command.SetAction((parse, cancellationToken) => Problems.RunAsync(async () =>
        {
            var ledgerText = parse.GetValue(ledger);
            var outFile = parse.GetValue(output);
            Uri? ledgerUrl = null;
            if (ledgerText is not null && (!Uri.TryCreate(ledgerText.EndsWith('/') ? ledgerText : ledgerText + "/", UriKind.Absolute, out ledgerUrl) || ledgerUrl.Scheme is not ("http" or "https")))
            {
                await Console.Error.WriteLineAsync($"error: --ledger-url \"{ledgerText}\" is not an http(s) URL.");
                return ExitCodes.UsageProblem;
            }

            if ((ledgerUrl is null) == (outFile is null))
            {
                await Console.Error.WriteLineAsync("error: give either --ledger-url (submit now) or --out (submit later).");
                return ExitCodes.UsageProblem;
            }

            if (!DidKey.TryDecode(parse.GetValue(owner), out _))
            {
                await Console.Error.WriteLineAsync("error: --owner is not an Ed25519 did:key.");
                return ExitCodes.UsageProblem;
            }

            if (parse.GetValue(maxPower) is { } rating && rating is < 1 or > ProductPassport.MaxRatingW)
            {
                await Console.Error.WriteLineAsync($"error: --max-power-w {rating} is not a rating; give 1 to {ProductPassport.MaxRatingW} W (rated current x voltage x phases).");
                return ExitCodes.UsageProblem;
            }

            var outboxPath = Path.Combine(parse.GetValue(dataDir)!.FullName, "outbox.db");
            if (Environment.IsPrivilegedProcess && !File.Exists(outboxPath))
            {
                // root would create a file the agent's user cannot write; `init` creates it as that user.
                await Console.Error.WriteLineAsync($"error: there is no outbox at {outboxPath}; create it as the agent's user first: sudo -u dream dream-agent init --data-dir {parse.GetValue(dataDir)!.FullName}");
                return ExitCodes.UsageProblem;
            }

            var speed = parse.GetValue(clockSpeed);
            var epoch = parse.GetValue(clockEpoch);
            TimeProvider time = speed > 1 ? new AcceleratedTimeProvider(speed, epoch > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(epoch) : null) : TimeProvider.System;
            using var deviceKey = DeviceKeyStore.Load(parse.GetValue(dataDir)!.FullName);
            using var installer = KeyFile.Read(parse.GetValue(installerKey)!.FullName);
            var catalog = SharedOptions.LoadCatalog(parse.GetValue(profiles));
            var profile = parse.GetValue(profileId) is string id ? catalog.Get(id) : null;
            var address = MeterAddress.Parse(parse.GetValue(meter)!, profile?.Serial);
            await using var client = address.CreateClient(TimeSpan.FromSeconds(1), 2);
            var device = client.Device(address.Unit, TimeSpan.FromMilliseconds(profile?.DelayBetweenRequestsMs ?? 0));
            if (profile is null)
            {
                profile = (await MeterIdentifier.IdentifyAsync(device, catalog.All, cancellationToken)
                    ?? throw new MeterNotFoundException($"Unit {address.Unit} at {address.Endpoint} matches no profile. Name one with --profile.")).Profile;
            }

            var reader = await MeterReader.CreateAsync(profile, device, cancellationToken: cancellationToken);
            var identity = await reader.ReadIdentityAsync(cancellationToken);
            var serialNumber = parse.GetValue(serial) ?? identity.SerialNumber;
            if (string.IsNullOrWhiteSpace(serialNumber))
            {
                await Console.Error.WriteLineAsync($"error: the {profile.Id} profile cannot read the serial number from this meter; copy it from the meter's label with --serial.");
                return ExitCodes.UsageProblem;
            }

            MeterSample registers;
            try
            {
                registers = await new ProfileMeter(profile, device, time).ReadAsync(cancellationToken);
            }
            catch (MeterReadException e)
            {
                await Console.Error.WriteLineAsync($"error: cannot read the energy registers of the meter: {e.Message}");
                return ExitCodes.MeterProblem;
            }

            var installedAt = time.GetUtcNow().ToUnixTimeMilliseconds();
            var passport = new ProductPassport
            {
                Device = deviceKey.PublicKey.Did,
                Kind = DeviceKind.Meter,
                Manufacturer = profile.Manufacturer,
                Model = profile.Model,
                Serial = serialNumber,
                Firmware = string.Empty,
                Profile = profile.Id,
                MeterConstant = 0,
                Phases = profile.Phases,
                MeasuresExport = parse.GetValue(measuresExport) ?? profile.Quantities.Any(q => q.Name == "energy_export"),
                ConnectionPoint = parse.GetValue(connectionPoint)!,
                Owner = parse.GetValue(owner)!,
                Installer = installer.PublicKey.Did,
                InstalledAtMs = installedAt,
                MaxPowerW = parse.GetValue(maxPower) ?? profile.MaxPowerW,
                PairingImportWh = registers.ImportWh,
                PairingExportWh = registers.ExportWh,
            };
            var signed = SignedPassport.Create(passport, deviceKey, installer);
            using (var outbox = OutboxStore.Open(outboxPath))
            {
                outbox.SetBaseline(parse.GetValue(meterId)!, new RegisterBaseline(registers.ImportWh, registers.ExportWh, installedAt));
            }

            await Console.Error.WriteLineAsync($"Registers at pairing: import {registers.ImportWh} Wh, export {registers.ExportWh} Wh (the baseline of meter \"{parse.GetValue(meterId)}\"); rating {passport.MaxPowerW} W.");
            var bytes = signed.Envelope.ToBytes();
            if (outFile is not null)
            {
                await File.WriteAllBytesAsync(outFile.FullName, bytes, cancellationToken);
                await Console.Error.WriteLineAsync($"Wrote the signed passport to {outFile.FullName}; submit it with POST /api/v1/passports.");
            }
            else
            {
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
                using var content = new ByteArrayContent(bytes);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                HttpResponseMessage response;
                try
                {
                    response = await http.PostAsync(new Uri(ledgerUrl!, "api/v1/passports"), content, cancellationToken);
                }
                catch (HttpRequestException e)
                {
                    await Console.Error.WriteLineAsync($"error: cannot reach the ledger at {ledgerUrl}: {e.Message}. Use --out to write the passport and submit it later.");
                    return ExitCodes.MeterProblem;
                }

                using var disposeResponse = response;
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.StatusCode != System.Net.HttpStatusCode.Accepted)
                {
                    await Console.Error.WriteLineAsync($"error: the ledger answered {(int)response.StatusCode} {response.ReasonPhrase}: {body}");
                    return ExitCodes.MeterProblem;
                }

                using var answer = JsonDocument.Parse(body);
                var status = answer.RootElement.TryGetProperty("status", out var s) ? s.GetString() : "?";
                await Console.Error.WriteLineAsync($"The ledger accepted the passport for review (status {status}).");
            }

            await Console.Error.WriteLineAsync($"{profile.Manufacturer} {profile.Model} serial {serialNumber} paired with {deviceKey.PublicKey.Did}. Put this passportId in agent.json:");
            Console.WriteLine(signed.Id);
            return ExitCodes.Success;
        }));
        return command;
    }
}
