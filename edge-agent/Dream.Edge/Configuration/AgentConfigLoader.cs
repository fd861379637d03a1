using System.Globalization;
using Dream.Contracts;
using Dream.Crypto;
using Microsoft.Extensions.Configuration;

namespace Dream.Edge.Configuration;

/// <summary>
/// Loads agent.json with environment overrides (<c>DREAM_AGENT__broker__host=...</c>) and validates all of it
/// at once, so an installer sees every mistake, each with its JSON path, in one run.
/// </summary>
public static class AgentConfigLoader
{
    public const string EnvironmentPrefix = "DREAM_AGENT__";

    private static readonly int[] AllowedIntervals = [1, 5, 15, 60];
    private static readonly string[] AllowedSchemes = ["tcp", "rtu", "rtutcp", "s0"];

    public static AgentOptions Load(string path, IEnumerable<KeyValuePair<string, string?>>? environment = null)
    {
        if (!File.Exists(path))
        {
            throw new AgentConfigException([new ConfigError("$", $"The configuration file {path} does not exist.")]);
        }

        IConfigurationRoot root;
        try
        {
            var builder = new ConfigurationBuilder();
            builder.AddJsonStream(new MemoryStream(File.ReadAllBytes(path)));
            builder.AddInMemoryCollection(FromEnvironment(environment));
            root = builder.Build();
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new AgentConfigException([new ConfigError("$", $"{path} is not valid JSON: {e.Message}")]);
        }
        catch (FormatException e)
        {
            throw new AgentConfigException([new ConfigError("$", $"{path} is not valid JSON: {e.InnerException?.Message ?? e.Message}")]);
        }
        catch (InvalidDataException e)
        {
            throw new AgentConfigException([new ConfigError("$", $"{path} is not valid JSON: {e.Message}")]);
        }

        return Bind(root, Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>The <c>DREAM_AGENT__</c> variables as configuration keys (<c>__</c> separates levels).</summary>
    private static Dictionary<string, string?> FromEnvironment(IEnumerable<KeyValuePair<string, string?>>? environment)
    {
        var variables = environment ?? Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Select(e => new KeyValuePair<string, string?>((string)e.Key, (string?)e.Value));
        var result = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in variables)
        {
            if (key.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
            {
                result[key[EnvironmentPrefix.Length..].Replace("__", ":", StringComparison.Ordinal)] = value;
            }
        }

        return result;
    }

    private static AgentOptions Bind(IConfigurationRoot root, string baseDirectory)
    {
        var r = new ConfigReader();
        var top = root.GetSection(string.Empty);
        var meters = BindMeters(r, root.GetSection("meters"));
        var broker = BindBroker(r, root.GetSection("broker"), baseDirectory);
        var homeAssistant = BindHomeAssistant(r, root.GetSection("homeAssistant"), baseDirectory);

        var gaSection = root.GetSection("gridAuthorityKey");
        var ga = ConfigReader.OptionalString(root, "gridAuthorityKey");
        if (ga is null)
        {
            r.Error("gridAuthorityKey", "is required: the did:key of the grid authority that signs receipts.");
        }
        else if (!DidKey.TryDecode(ga, out _))
        {
            r.Error(gaSection, $"\"{ga}\" is not an Ed25519 did:key.");
        }

        var dataDirectory = ConfigReader.OptionalString(root, "dataDirectory") ?? "/var/lib/dream";
        if (!Path.IsPathRooted(dataDirectory))
        {
            dataDirectory = Path.GetFullPath(Path.Combine(baseDirectory, dataDirectory));
        }

        var outboxSection = root.GetSection("outbox");
        var outbox = new OutboxOptions
        {
            MaxReadings = (int)r.Integer(outboxSection, "maxReadings", OutboxOptions.DefaultMaxReadings, 100, 100_000_000),
            AlarmRatio = r.Number(outboxSection, "alarmRatio", 0.9, 0.1, 1.0),
        };
        var clockSpeed = r.Number(root.GetSection("testing"), "clockSpeed", 1, 1, 10_000);
        var clockEpoch = r.Integer(root.GetSection("testing"), "clockEpochMs", 0, 0, long.MaxValue);
        _ = top;

        if (r.Errors.Count > 0)
        {
            throw new AgentConfigException(r.Errors);
        }

        return new AgentOptions
        {
            Meters = meters,
            Broker = broker,
            GridAuthorityKey = ga!,
            DataDirectory = dataDirectory,
            Outbox = outbox,
            HomeAssistant = homeAssistant,
            ClockSpeed = clockSpeed,
            ClockEpochMs = clockEpoch,
        };
    }

    private static List<MeterOptions> BindMeters(ConfigReader r, IConfigurationSection section)
    {
        var result = new List<MeterOptions>();
        var children = section.GetChildren().ToList();
        if (children.Count == 0)
        {
            r.Error("meters", "is required: list at least one meter.");
            return result;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var m in children.OrderBy(c => int.TryParse(c.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : int.MaxValue))
        {
            var id = r.RequiredString(m, "id");
            if (id.Length > 0 && !ids.Add(id))
            {
                r.Error(m.GetSection("id"), $"\"{id}\" is used by another meter; ids must be unique.");
            }

            var uriText = r.RequiredString(m, "uri");
            Uri? uri = null;
            if (uriText.Length > 0)
            {
                if (!Uri.TryCreate(uriText, UriKind.Absolute, out uri) || !AllowedSchemes.Contains(uri.Scheme))
                {
                    r.Error(m.GetSection("uri"), $"\"{uriText}\" is not a meter address; use tcp://host:port, rtu:///dev/ttyUSB0?baud=9600, rtutcp://host:port or s0://gpiochip0/17.");
                    uri = null;
                }
            }

            var profile = r.RequiredString(m, "profile");
            var unit = r.Integer(m, "unit", 1, 1, 247);
            var period = r.Integer(m, "samplePeriodSeconds", 10, 1, 3600);
            var interval = r.Integer(m, "intervalMinutes", 15, 1, 60);
            if (!AllowedIntervals.Contains((int)interval))
            {
                r.Error(m.GetSection("intervalMinutes"), $"{interval} is not allowed; it must be 1, 5, 15 or 60.");
            }
            else if (interval * 60 % period != 0 || period > interval * 60)
            {
                r.Error(m.GetSection("samplePeriodSeconds"), $"{period} s does not divide the {interval}-minute interval; the boundary must fall on a sample.");
            }

            var passport = r.RequiredString(m, "passportId");
            if (passport.Length > 0 && !Hex.IsSha256(passport))
            {
                r.Error(m.GetSection("passportId"), "must be 64 lowercase hex digits (the id `dream-agent pair` printed).");
            }

            var isS0 = uri?.Scheme == "s0" || profile == "s0";
            var constant = r.Integer(m, "meterConstant", 0, 0, 1_000_000);
            if (isS0 && constant <= 0)
            {
                r.Error(m.GetSection("meterConstant"), "is required for an S0 meter: the pulses per kWh printed on the meter.");
            }

            var directionText = ConfigReader.OptionalString(m, "directionLine");
            int? direction = directionText is null ? null : (int)r.Integer(m, "directionLine", 0, 0, 1023);
            result.Add(new MeterOptions
            {
                Id = id,
                Uri = uri ?? new Uri("tcp://invalid:0"),
                Profile = profile,
                Unit = (byte)unit,
                SamplePeriodSeconds = (int)period,
                IntervalMinutes = (int)interval,
                PassportId = passport,
                MaxPowerW = ConfigReader.OptionalString(m, "maxPowerW") is null ? null : r.Integer(m, "maxPowerW", MeterOptions.DefaultMaxPowerW, 1, 1_000_000_000),
                MeterConstant = (int)constant,
                DebounceMicroseconds = (int)r.Integer(m, "debounceMicroseconds", 5_000, 0, 1_000_000),
                DirectionLine = direction,
            });
        }

        return result;
    }

    private static BrokerOptions BindBroker(ConfigReader r, IConfigurationSection section, string baseDirectory)
    {
        if (!section.GetChildren().Any())
        {
            r.Error("broker", "is required: the MQTT broker's host and port.");
            return new BrokerOptions { Host = string.Empty };
        }

        var host = r.RequiredString(section, "host");
        var port = r.Integer(section, "port", 1883, 1, 65535);
        var tls = BindTls(r, section.GetSection("tls"), baseDirectory);

        return new BrokerOptions
        {
            Host = host,
            Port = (int)port,
            Tls = tls,
            Username = ConfigReader.OptionalString(section, "username"),
            Password = ConfigReader.OptionalString(section, "password"),
            ReceiptTimeoutSeconds = (int)r.Integer(section, "receiptTimeoutSeconds", 300, 1, 86_400),
        };
    }

    /// <summary>Off unless <c>enabled</c> is true; then the prosumer's broker is required.</summary>
    private static HomeAssistantOptions? BindHomeAssistant(ConfigReader r, IConfigurationSection section, string baseDirectory)
    {
        if (!r.Boolean(section, "enabled", false))
        {
            return null;
        }

        var host = r.RequiredString(section, "host");
        var prefix = ConfigReader.OptionalString(section, "discoveryPrefix") ?? HomeAssistantOptions.DefaultDiscoveryPrefix;
        if (prefix.IndexOfAny(['+', '#']) >= 0 || prefix.StartsWith('/') || prefix.EndsWith('/'))
        {
            r.Error(section.GetSection("discoveryPrefix"), $"\"{prefix}\" is not a topic prefix: no wildcards (+, #), no leading or trailing /.");
        }

        return new HomeAssistantOptions
        {
            Host = host,
            Port = (int)r.Integer(section, "port", 1883, 1, 65535),
            Tls = BindTls(r, section.GetSection("tls"), baseDirectory),
            Username = ConfigReader.OptionalString(section, "username"),
            Password = ConfigReader.OptionalString(section, "password"),
            DiscoveryPrefix = prefix,
            DeviceName = ConfigReader.OptionalString(section, "deviceName") ?? HomeAssistantOptions.DefaultDeviceName,
        };
    }

    private static TlsFileOptions? BindTls(ConfigReader r, IConfigurationSection tlsSection, string baseDirectory)
    {
        if (!tlsSection.GetChildren().Any())
        {
            return null;
        }

        var tls = new TlsFileOptions
        {
            CaFile = ExistingFile(r, tlsSection, "caFile", baseDirectory),
            CertFile = ExistingFile(r, tlsSection, "certFile", baseDirectory),
            KeyFile = ExistingFile(r, tlsSection, "keyFile", baseDirectory),
        };
        if ((tls.CertFile is null) != (tls.KeyFile is null))
        {
            r.Error(tlsSection, "certFile and keyFile go together: give both or neither.");
        }

        return tls;
    }

    private static string? ExistingFile(ConfigReader r, IConfigurationSection parent, string key, string baseDirectory)
    {
        var value = ConfigReader.OptionalString(parent, key);
        if (value is null)
        {
            return null;
        }

        var full = Path.IsPathRooted(value) ? value : Path.GetFullPath(Path.Combine(baseDirectory, value));
        if (!File.Exists(full))
        {
            r.Error(parent.GetSection(key), $"{full} does not exist.");
        }

        return full;
    }
}
