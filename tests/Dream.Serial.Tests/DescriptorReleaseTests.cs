namespace Dream.Serial.Tests;

/// <summary>Dream.Posix's SafeFileDescriptor closes what the port owns, once, when its owner is disposed.</summary>
[Collection(nameof(DescriptorRelease))]
public sealed class DescriptorReleaseTests
{
    [Fact]
    public void Disposing_a_pseudo_terminal_closes_its_master_and_its_terminal_side()
    {
        var masters = OpenDescriptorsOf("/dev/ptmx").Count;
        var pt = PseudoTerminal.Open();
        Assert.Single(OpenDescriptorsOf(pt.DevicePath));
        Assert.Equal(masters + 1, OpenDescriptorsOf("/dev/ptmx").Count);

        pt.Dispose();
        Assert.Empty(OpenDescriptorsOf(pt.DevicePath));
        Assert.Equal(masters, OpenDescriptorsOf("/dev/ptmx").Count);

        // A second dispose closes nothing more (a reused descriptor number stays open).
        pt.Dispose();
        Assert.Equal(masters, OpenDescriptorsOf("/dev/ptmx").Count);
    }

    private static List<string> OpenDescriptorsOf(string device) =>
        Directory.EnumerateFileSystemEntries("/proc/self/fd")
            .Where(fd => TargetOf(fd) == device)
            .ToList();

    // A descriptor can close between listing and reading its link; it then points nowhere.
    private static string? TargetOf(string fd)
    {
        try
        {
            return new FileInfo(fd).LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
