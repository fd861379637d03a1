namespace Dream.Mqtt.Tests.Mosquitto;

/// <summary>One broker shared by the tests of a class that do not restart it.</summary>
public sealed class MosquittoFixture : IAsyncLifetime
{
    private MosquittoProcess? _broker;

    public MosquittoProcess Broker => _broker ?? throw new InvalidOperationException("The broker has not started.");

    public async Task InitializeAsync() => _broker = await TestBroker.StartAsync();

    public async Task DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }
}
