using System.Buffers.Text;
using System.Text;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace CspUpgrades.Functions.Tests.Http;

/// <summary>
/// <c>?top=</c> and <c>?continuationToken=</c> of every paged list: a token reads back only for the partner and list it was
/// made for; everything else is a 400 naming the parameter.
/// </summary>
public sealed class PagingTests
{
    private static readonly PartnerId PartnerA = new("partner-a");
    private static readonly PartnerId PartnerB = new("partner-b");

    [Fact]
    public void ATokenReadsBackForItsPartnerAndList()
    {
        var token = ContinuationToken.Create(PartnerA, "customers", "1!8!cGFydG5lci1hfGN1c3QtMDA1")!;

        Assert.True(ContinuationToken.TryRead(token, PartnerA, "customers", out var position, out _));
        Assert.Equal("1!8!cGFydG5lci1hfGN1c3QtMDA1", position);
        Assert.DoesNotContain("partner-a", Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token)), StringComparison.Ordinal);
    }

    [Fact]
    public void TheLastPageHasNoToken() => Assert.Null(ContinuationToken.Create(PartnerA, "customers", null));

    [Fact]
    public void ATokenOfAnotherPartnerIsRefused()
    {
        var token = ContinuationToken.Create(PartnerB, "customers", "next");
        Assert.False(ContinuationToken.TryRead(token, PartnerA, "customers", out _, out var problem));
        Assert.NotNull(problem);
    }

    [Fact]
    public void ATokenOfAnotherListIsRefused()
    {
        var token = ContinuationToken.Create(PartnerA, "history|sub-1", "next");
        Assert.False(ContinuationToken.TryRead(token, PartnerA, "history|sub-2", out _, out _));
    }

    public static TheoryData<string> NotTokens()
    {
        var good = ContinuationToken.Create(PartnerA, "customers", "next")!;
        return new TheoryData<string>
        {
            "",
            "not base64!",
            good[..^3],
            good + "A",
            good.Replace(good[5], good[5] == 'A' ? 'B' : 'A'),
            Base64Url.EncodeToString("{}"u8),
            Base64Url.EncodeToString("[1,2]"u8),
            Base64Url.EncodeToString("""{"V":2,"P":"x","L":"customers","K":"next"}"""u8),
            Base64Url.EncodeToString("""{"V":1,"P":null,"L":null,"K":null}"""u8),
            new string('A', ContinuationToken.MaxLength + 4),
        };
    }

    [Theory]
    [MemberData(nameof(NotTokens))]
    public void AnythingElseIsRefused(string token)
    {
        Assert.False(ContinuationToken.TryRead(token, PartnerA, "customers", out var position, out var problem));
        Assert.Null(position);
        Assert.NotNull(problem);
    }

    [Fact]
    public void NoParametersReadAsTheFirstPageOfOneHundred()
    {
        Assert.True(PageRequest.TryRead(Request(""), PartnerA, "customers", out var page, out _));
        Assert.Equal(new PageRequest(100, null), page);
    }

    [Theory]
    [InlineData("?top=1", 1)]
    [InlineData("?top=1000", 1000)]
    [InlineData("?top=0042", 42)]
    public void TopFromOneToOneThousandIsRead(string query, int top)
    {
        Assert.True(PageRequest.TryRead(Request(query), PartnerA, "customers", out var page, out _));
        Assert.Equal(top, page.Top);
    }

    [Theory]
    [InlineData("?top=0")]
    [InlineData("?top=1001")]
    [InlineData("?top=-1")]
    [InlineData("?top=+5")]
    [InlineData("?top=1.5")]
    [InlineData("?top=%201")]
    [InlineData("?top=")]
    [InlineData("?top=99999999999999999999")]
    [InlineData("?top=1&top=2")]
    [InlineData("?continuationToken=")]
    [InlineData("?continuationToken=abc&continuationToken=abc")]
    [InlineData("?continuationToken=%00")]
    public void BadPagingParametersAreRefused(string query)
    {
        Assert.False(PageRequest.TryRead(Request(query), PartnerA, "customers", out var page, out var problem));
        Assert.Null(page);
        Assert.NotNull(problem);
    }

    private static HttpRequest Request(string query)
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString(query);
        return context.Request;
    }
}
