namespace Dream.Market.Transactions;

/// <summary>ISO 4217 alphabetic codes: three uppercase ASCII letters.</summary>
internal static class Currency
{
    public static bool IsValid(string code) => code is { Length: 3 } && code.All(c => c is >= 'A' and <= 'Z');

    internal static string Read(StrictObject fields, string name)
    {
        var code = fields.GetString(name, maxLength: 3);
        if (!IsValid(code))
        {
            throw new MarketException(MarketError.InvalidValue, $"{fields.Path(name)} must be an ISO 4217 code (three uppercase letters), not \"{code}\".");
        }

        return code;
    }
}
