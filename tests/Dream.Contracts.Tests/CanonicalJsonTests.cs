using Dream.Contracts.Json;

namespace Dream.Contracts.Tests;

/// <summary>The one canonical writer reuses a buffer and a writer per thread; what it returns must never show it.</summary>
public sealed class CanonicalJsonTests
{
    [Fact]
    public void A_write_inside_a_write_leaves_both_values_whole()
    {
        var outer = CanonicalJson.Write(writer =>
        {
            writer.WriteString("a", "1");
            var inner = CanonicalJson.Write(w => w.WriteString("b", "2"));
            writer.WriteString("inner", Encoding.UTF8.GetString(inner));
            writer.WriteString("c", "3");
        });

        Assert.Equal("""{"a":"1","inner":"{\"b\":\"2\"}","c":"3"}""", Encoding.UTF8.GetString(outer));
    }

    [Fact]
    public void A_write_that_failed_halfway_leaves_nothing_behind_for_the_next()
    {
        Assert.Throws<InvalidOperationException>(() => CanonicalJson.Write(writer =>
        {
            writer.WriteString("half", "written");
            throw new InvalidOperationException("the caller gave up");
        }));

        Assert.Equal("""{"next":1}""", Encoding.UTF8.GetString(CanonicalJson.Write(writer => writer.WriteNumber("next", 1))));
    }

    [Fact]
    public void Returned_bytes_are_a_copy_a_later_write_does_not_change()
    {
        var first = CanonicalJson.Write(writer => writer.WriteString("x", "first"));
        _ = CanonicalJson.Write(writer => writer.WriteString("x", new string('y', 100_000)));
        var third = CanonicalJson.Write(writer => writer.WriteString("x", "third"));

        Assert.Equal("""{"x":"first"}""", Encoding.UTF8.GetString(first));
        Assert.Equal("""{"x":"third"}""", Encoding.UTF8.GetString(third));
    }
}
