using Dream.Meters.Polling;

namespace Dream.Meters.Tests;

public class PollPlannerTests
{
    [Fact]
    public void Adjacent_spans_merge_and_gaps_are_bridged_only_where_the_meter_answers_everything()
    {
        RegisterSpan[] spans = [new(4, 0, 2), new(4, 2, 2), new(4, 10, 2), new(4, 100, 2), new(3, 0, 1)];
        var plain = PollPlanner.Plan(spans, [], 125);
        Assert.Equal([new ReadBlock(3, 0, 1), new ReadBlock(4, 0, 4), new ReadBlock(4, 10, 2), new ReadBlock(4, 100, 2)], plain);

        var bridged = PollPlanner.Plan(spans, [new RegisterRange { Function = 4, From = 0, To = 20 }], 125);
        Assert.Equal([new ReadBlock(3, 0, 1), new ReadBlock(4, 0, 12), new ReadBlock(4, 100, 2)], bridged);
    }

    [Fact]
    public void No_read_exceeds_the_limit()
    {
        var spans = Enumerable.Range(0, 100).Select(i => new RegisterSpan(3, (ushort)(i * 2), 2));
        var blocks = PollPlanner.Plan(spans, [], 125);
        Assert.All(blocks, b => Assert.True(b.Count <= 125));
        Assert.Equal(2, blocks.Count);
        Assert.Equal(200, blocks.Sum(b => b.Count));
    }

    [Fact]
    public void A_full_sdm630_read_takes_two_requests()
    {
        var profile = ProfileCatalog.Load([RepositoryRoot.MeterProfiles]).Get("eastron-sdm630");
        var plan = MeterReader.PlanFor(MeterMap.FromProfile(profile));
        Assert.Equal([new ReadBlock(4, 0x0000, 0x4C), new ReadBlock(4, 0x015A, 12)], plan);
    }

    [Fact]
    public void Every_shipped_profile_plans_fewer_requests_than_quantities()
    {
        foreach (var profile in ProfileCatalog.Load([RepositoryRoot.MeterProfiles]).All.Where(p => p.SunSpec is null))
        {
            var plan = MeterReader.PlanFor(MeterMap.FromProfile(profile));
            Assert.True(plan.Count < profile.Quantities.Count, profile.Id);
            Assert.All(profile.Quantities, q => Assert.Contains(plan, b => b.Covers(MappedQuantity.From(q).Span)));
        }
    }
}
