namespace Dream.Gpio;

/// <summary>A GPIO character device call failed; <see cref="Errno"/> is the kernel's error number.</summary>
public sealed class GpioException : IOException
{
    public GpioException(string message)
        : base(message)
    {
    }

    public GpioException(string message, int errno)
        : base($"{message}: {System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})")
    {
        Errno = errno;
    }

    public int Errno { get; }
}
