namespace Dream.Agent.Commands;

internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The meter or bus did not answer as expected.</summary>
    public const int MeterProblem = 1;

    /// <summary>Bad arguments, an unknown profile, a malformed URI.</summary>
    public const int UsageProblem = 2;
}
