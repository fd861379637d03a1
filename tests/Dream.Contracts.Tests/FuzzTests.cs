namespace Dream.Contracts.Tests;

/// <summary>Random, truncated and mutated inputs: only <see cref="ContractException"/> may escape.</summary>
public sealed class FuzzTests
{
    private static readonly Action<byte[]>[] s_parsers =
    [
        m => SignedReading.Verify(m),
        m => SignedPassport.Verify(m),
        m => EnvelopeBatch.Parse(m),
    ];

    [Fact]
    public void Random_bytes_raise_only_contract_errors()
    {
        var random = new Random(20261121);
        for (var i = 0; i < 3000; i++)
        {
            var bytes = new byte[random.Next(0, 300)];
            random.NextBytes(bytes);
            AssertOnlyContractErrors(bytes);
        }
    }

    [Fact]
    public void Every_truncation_and_many_mutations_of_valid_messages_raise_only_contract_errors()
    {
        using var device = Samples.Key("device");
        using var owner = Samples.Key("owner");
        using var installer = Samples.Key("installer");
        var passport = SignedPassport.Create(Samples.Passport(device, owner, installer), device, installer);
        var reading = SignedReading.Create(Samples.Reading(device, passport.Id), device);
        var random = new Random(7);

        foreach (var valid in new[] { reading.Envelope.ToBytes(), passport.Envelope.ToBytes() })
        {
            for (var length = 0; length < valid.Length; length++)
            {
                AssertOnlyContractErrors(valid[..length]);
            }

            for (var i = 0; i < 2000; i++)
            {
                var mutated = (byte[])valid.Clone();
                for (var n = random.Next(1, 4); n > 0; n--)
                {
                    mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
                }

                AssertOnlyContractErrors(mutated);
            }
        }
    }

    private static void AssertOnlyContractErrors(byte[] input)
    {
        foreach (var parse in s_parsers)
        {
            try
            {
                parse(input);
            }
            catch (ContractException)
            {
            }
            catch (Exception e)
            {
                Assert.Fail($"{e.GetType().Name} escaped for input {Convert.ToBase64String(input)}: {e.Message}");
            }
        }
    }
}
