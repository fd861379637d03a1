namespace Dream.Mqtt.Protocol;

/// <summary>Topic name and topic filter rules (spec section 4.7).</summary>
public static class MqttTopic
{
    public static void ValidateTopicName(string topic, bool aliasPresent)
    {
        ArgumentNullException.ThrowIfNull(topic);
        if (topic.Length == 0 && !aliasPresent)
        {
            throw new MqttProtocolException("A topic name must not be empty.", MqttReasonCode.TopicNameInvalid);
        }

        if (topic.AsSpan().IndexOfAny('+', '#') >= 0)
        {
            throw new MqttProtocolException($"Topic name '{topic}' must not contain wildcards.", MqttReasonCode.TopicNameInvalid);
        }
    }

    public static void ValidateTopicFilter(string filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.Length == 0)
        {
            throw new MqttProtocolException("A topic filter must not be empty.", MqttReasonCode.TopicFilterInvalid);
        }

        var levels = filter.Split('/');
        for (var i = 0; i < levels.Length; i++)
        {
            var level = levels[i];
            if (level.Contains('#', StringComparison.Ordinal) && (level != "#" || i != levels.Length - 1))
            {
                throw new MqttProtocolException($"'#' must be a whole last level in '{filter}'.", MqttReasonCode.TopicFilterInvalid);
            }

            if (level.Contains('+', StringComparison.Ordinal) && level != "+")
            {
                throw new MqttProtocolException($"'+' must be a whole level in '{filter}'.", MqttReasonCode.TopicFilterInvalid);
            }
        }

        if (filter.StartsWith("$share/", StringComparison.Ordinal))
        {
            // $share/{group}/{filter}: the group name is one non-empty level without wildcards.
            if (levels.Length < 3 || levels[1].Length == 0 || levels[1].AsSpan().IndexOfAny('+', '#') >= 0)
            {
                throw new MqttProtocolException($"Shared subscription '{filter}' must be $share/{{group}}/{{filter}}.", MqttReasonCode.TopicFilterInvalid);
            }
        }
    }
}
