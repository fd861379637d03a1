using System.Reflection;
using System.Runtime.InteropServices;

namespace Dream.Crypto.Interop;

/// <summary>The libsodium entry points Dream uses, one per file (see the partial files).</summary>
internal static partial class Libsodium
{
    // The logical name every LibraryImport uses; the resolver maps it to the soname Debian ships.
    internal const string LibraryName = "libsodium";

    // Debian's libsodium23 installs only the versioned soname; the unversioned one comes with -dev.
    private static readonly string[] s_candidates = ["libsodium.so.23", "libsodium.so.26", "libsodium.so", "libsodium"];

    static Libsodium()
    {
        NativeLibrary.SetDllImportResolver(typeof(Libsodium).Assembly, Resolve);
    }

    /// <summary>Forces the static constructor (and so the resolver) to run before the first native call.</summary>
    internal static void RegisterResolver()
    {
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != LibraryName)
        {
            return IntPtr.Zero;
        }

        foreach (var candidate in s_candidates)
        {
            if (NativeLibrary.TryLoad(candidate, assembly, searchPath, out var handle))
            {
                return handle;
            }
        }

        return IntPtr.Zero;
    }
}
