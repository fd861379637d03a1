namespace Dream.Mqtt;

public sealed class MqttConnectedEventArgs(MqttConnectResult result, bool isReconnect) : EventArgs
{
    public MqttConnectResult Result { get; } = result;

    public bool IsReconnect { get; } = isReconnect;
}
