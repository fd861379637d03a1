namespace Dream.Edge.Tests.Ports;

/// <summary>
/// What any <see cref="IMeter"/> must do for the meter loop: read the energy registers as the exact integer Wh the
/// meter holds, and, when what is behind it is gone, fail with an exception the loop counts as a failed read
/// (<see cref="MeterReadException.IsReadFailure"/>), never one that would stop the agent.
/// </summary>
public abstract class MeterContract : IAsyncLifetime
{
    /// <summary>Register values this kind of meter can hold exactly.</summary>
    protected abstract (long ImportWh, long ExportWh) Registers { get; }

    protected abstract Task<IMeter> CreateAsync();

    /// <summary>Makes the registers behind the meter hold <see cref="Registers"/> and waits until the meter can see them.</summary>
    protected abstract Task SetRegistersAsync();

    /// <summary>What the meter reads from goes away (the device, the bus, the input).</summary>
    protected abstract Task SourceVanishesAsync();

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    [Fact]
    public async Task The_registers_are_read_as_the_exact_integer_watt_hours_the_meter_holds()
    {
        await using var meter = await CreateAsync();
        await SetRegistersAsync();

        var sample = await meter.ReadAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(Registers.ImportWh, sample.ImportWh);
        Assert.Equal(Registers.ExportWh, sample.ExportWh);
        Assert.True(sample.PowerW >= 0, $"power {sample.PowerW} W");
    }

    [Fact]
    public async Task A_meter_whose_source_is_gone_fails_with_a_read_failure_the_meter_loop_counts()
    {
        await using var meter = await CreateAsync();
        await SetRegistersAsync();
        await meter.ReadAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        await SourceVanishesAsync();

        // At the latest a few reads on (an input may fail in the background): the loop reads every sample period.
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        Exception? failure = null;
        while (failure is null)
        {
            try
            {
                await meter.ReadAsync(limit.Token);
                await Task.Delay(TimeSpan.FromMilliseconds(20), limit.Token);
            }
#pragma warning disable CA1031 // The contract is about which exception: every one is caught and judged.
            catch (Exception e)
#pragma warning restore CA1031
            {
                failure = e;
            }
        }

        Assert.True(MeterReadException.IsReadFailure(failure), $"{failure.GetType().Name}: {failure.Message}");
    }
}
