using CspUpgrades.Infra.Tests.Checking;

namespace CspUpgrades.Infra.Tests;

public class BicepSyntaxTests
{
    [Fact]
    public void CommentsGoButCommentMarkersInsideStringsStay()
    {
        var text = "value: 'https://example.org/a' // trailing\n/* block\n */ next: 'x/*y*/'";

        Assert.Equal("value: 'https://example.org/a' \n\n next: 'x/*y*/'", BicepSyntax.StripComments(text));
    }

    [Fact]
    public void BracesInsideStringsAndInterpolationsDoNotCloseAnObject()
    {
        var text = "{ a: '}' b: '${x ? '{' : 'y'}' }";

        Assert.Equal(text.Length - 1, BicepSyntax.MatchingClose(text, 0));
    }

    [Fact]
    public void MembersAreSplitByNewLinesAndCommasButNotInsideNestedValues()
    {
        var members = BicepSyntax.Members("{\n  name: 'x'\n  sku: {\n    tier: 'A', name: 'B'\n  }\n  list: [\n    1\n    2\n  ], last: f(a, b)\n}");

        Assert.Equal(["name", "sku", "list", "last"], members.Select(m => m.Key));
        Assert.Equal("'B'", BicepSyntax.Member(members[1].Value, "name"));
        Assert.Equal(["1", "2"], BicepSyntax.Items(members[2].Value));
        Assert.Equal("f(a, b)", members[3].Value);
    }

    [Theory]
    [InlineData("'abc'", "abc")]
    [InlineData("'it\\'s'", "it's")]
    [InlineData("'${x}y'", null)]
    [InlineData("name", null)]
    [InlineData("'a' ? 'b' : 'c'", null)]
    public void OnlyPlainStringLiteralsHaveAKnownValue(string expression, string? expected) =>
        Assert.Equal(expected, BicepSyntax.StringLiteral(expression));

    [Fact]
    public void MultiLineStringsAreRefusedRatherThanMisread() =>
        Assert.Throws<FormatException>(() => BicepSyntax.StripComments("x: '''\n}\n'''"));

    [Fact]
    public void DeclarationsAreReadWithTheirConditionsDefaultsAndModuleParams()
    {
        var file = BicepFile.Parse("main.bicep", """
            @description('x')
            param table string = 'cspupgrades'
            param secret string
            var roles = {
              reader: 'r'
            }
            resource plan 'Microsoft.Web/serverfarms@2024-04-01' = if (!empty(secret)) {
              name: 'p'
            }
            resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
              name: 's'
            }
            module app './app/app.bicep' = {
              name: 'app'
              params: {
                tableName: table
              }
            }
            """);

        Assert.Equal("'cspupgrades'", file.Params["table"]);
        Assert.Null(file.Params["secret"]);
        Assert.StartsWith("{", file.Vars["roles"], StringComparison.Ordinal);
        Assert.Equal(("plan", "Microsoft.Web/serverfarms", "2024-04-01", false, "!empty(secret)"),
            (file.Resources[0].Symbol, file.Resources[0].Type, file.Resources[0].ApiVersion, file.Resources[0].Existing, file.Resources[0].Condition));
        Assert.True(file.Resources[1].Existing);
        Assert.Equal("table", file.Modules.Single().Params["tableName"]);
    }
}
