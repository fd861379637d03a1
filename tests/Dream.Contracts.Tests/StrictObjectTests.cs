using Dream.Contracts.Json;

namespace Dream.Contracts.Tests;

public sealed class StrictObjectTests
{
    [Fact]
    public void An_object_with_more_fields_than_any_format_is_refused_as_oversize_before_its_fields_are_compared()
    {
        var fields = string.Join(",", Enumerable.Range(0, StrictObject.MaxFields + 1).Select(i => $"\"f{i}\":0"));
        using var document = JsonDocument.Parse(Encoding.UTF8.GetBytes("{" + fields + "}"));

        var error = Assert.Throws<ContractException>(() => StrictObject.From(document.RootElement, "reading"));

        Assert.Equal(ContractError.Oversize, error.Error);
        Assert.Contains($"{StrictObject.MaxFields + 1} fields", error.Message, StringComparison.Ordinal);
    }
}
