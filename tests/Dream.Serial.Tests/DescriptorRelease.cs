namespace Dream.Serial.Tests;

/// <summary>Tests that count the process's open descriptors run alone: a test beside them opening ports would move the count.</summary>
[CollectionDefinition(nameof(DescriptorRelease), DisableParallelization = true)]
public sealed class DescriptorRelease
{
}
