using Dream.Crypto.Interop;

namespace Dream.Crypto;

/// <summary>One-time initialization of libsodium, with a version check.</summary>
public static class Sodium
{
    // libsodium 1.0.18 has library version 10.3; older ones lack the APIs and fixes we rely on.
    private const int MinimumMajor = 10;
    private const int MinimumMinor = 3;

    private static readonly Lazy<string> s_version = new(Initialize, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The loaded libsodium's library version, "major.minor".</summary>
    public static string LibraryVersion => s_version.Value;

    /// <summary>Loads and initializes libsodium once; throws <see cref="LibsodiumUnavailableException"/> if it cannot.</summary>
    public static void EnsureInitialized() => _ = s_version.Value;

    private static string Initialize()
    {
        Libsodium.RegisterResolver();
        int major;
        int minor;
        try
        {
            // sodium_init returns 0 on first success, 1 when already initialized, -1 on failure.
            if (Libsodium.sodium_init() < 0)
            {
                throw new LibsodiumUnavailableException("libsodium failed to initialize (sodium_init returned -1).");
            }

            major = Libsodium.sodium_library_version_major();
            minor = Libsodium.sodium_library_version_minor();
        }
        catch (DllNotFoundException e)
        {
            throw new LibsodiumUnavailableException(
                "libsodium was not found. Install the Debian package 'libsodium23' (apt-get install libsodium23).", e);
        }
        catch (EntryPointNotFoundException e)
        {
            throw new LibsodiumUnavailableException(
                "The libsodium found lacks a required function; install the Debian package 'libsodium23' (1.0.18 or newer).", e);
        }

        if (major < MinimumMajor || (major == MinimumMajor && minor < MinimumMinor))
        {
            throw new LibsodiumUnavailableException(
                $"libsodium library version {major}.{minor} is too old; need {MinimumMajor}.{MinimumMinor} (libsodium 1.0.18, Debian 'libsodium23') or newer.");
        }

        return $"{major}.{minor}";
    }
}
