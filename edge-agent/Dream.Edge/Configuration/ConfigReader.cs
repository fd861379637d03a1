using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Dream.Edge.Configuration;

/// <summary>Reads typed values out of an <see cref="IConfiguration"/> and records every problem with its JSON path.</summary>
internal sealed class ConfigReader
{
    private readonly List<ConfigError> _errors = [];

    public IReadOnlyList<ConfigError> Errors => _errors;

    /// <summary><c>meters:0:uri</c> becomes <c>meters[0].uri</c>.</summary>
    public static string JsonPath(string configurationPath)
    {
        var parts = configurationPath.Split(':');
        var builder = new System.Text.StringBuilder();
        foreach (var part in parts)
        {
            if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                builder.Append('[').Append(part).Append(']');
            }
            else
            {
                if (builder.Length > 0)
                {
                    builder.Append('.');
                }

                builder.Append(part);
            }
        }

        return builder.ToString();
    }

    public void Error(IConfigurationSection section, string message) => _errors.Add(new ConfigError(JsonPath(section.Path), message));

    public void Error(string path, string message) => _errors.Add(new ConfigError(path, message));

    public static string? OptionalString(IConfiguration parent, string key)
    {
        var value = parent[key];
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    public string RequiredString(IConfigurationSection parent, string key)
    {
        var value = OptionalString(parent, key);
        if (value is null)
        {
            Error(parent.GetSection(key), "is required.");
            return string.Empty;
        }

        return value;
    }

    public long Integer(IConfigurationSection parent, string key, long defaultValue, long min, long max)
    {
        var section = parent.GetSection(key);
        if (section.Value is null)
        {
            return defaultValue;
        }

        if (!long.TryParse(section.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            Error(section, $"\"{section.Value}\" is not an integer.");
            return defaultValue;
        }

        if (value < min || value > max)
        {
            Error(section, $"{value} is out of range; it must be between {min} and {max}.");
            return defaultValue;
        }

        return value;
    }

    public bool Boolean(IConfigurationSection parent, string key, bool defaultValue)
    {
        var section = parent.GetSection(key);
        if (section.Value is null)
        {
            return defaultValue;
        }

        if (!bool.TryParse(section.Value, out var value))
        {
            Error(section, $"\"{section.Value}\" is not true or false.");
            return defaultValue;
        }

        return value;
    }

    public double Number(IConfigurationSection parent, string key, double defaultValue, double min, double max)
    {
        var section = parent.GetSection(key);
        if (section.Value is null)
        {
            return defaultValue;
        }

        if (!double.TryParse(section.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            Error(section, $"\"{section.Value}\" is not a number.");
            return defaultValue;
        }

        if (value < min || value > max)
        {
            Error(section, $"{value} is out of range; it must be between {min} and {max}.");
            return defaultValue;
        }

        return value;
    }
}
