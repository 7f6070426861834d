using CspUpgrades.Infra.Tests.Checking;

namespace CspUpgrades.Infra.Tests;

public class ArmExpressionTests
{
    [Fact]
    public void CallsMembersAndIndexesNestAsWritten()
    {
        var expression = ArmExpression.Of("[reference(resourceId('Microsoft.Resources/deployments', 'identity'), '2025-04-01').outputs.clientId.value]");

        var value = Assert.IsType<ArmMember>(expression);
        var outputs = Assert.IsType<ArmMember>(Assert.IsType<ArmMember>(value.Target).Target);
        var reference = Assert.IsType<ArmCall>(outputs.Target);
        Assert.Equal(("value", "outputs", "reference"), (value.Name, outputs.Name, reference.Function));
        Assert.Equal(["resourceId('Microsoft.Resources/deployments', 'identity')", "'2025-04-01'"], reference.Arguments.Select(a => a.Text));
    }

    [Fact]
    public void QuotesInsideStringsAreDoubled() =>
        Assert.Equal("it's [x]", Assert.IsType<ArmString>(Assert.IsType<ArmCall>(ArmExpression.Of("[concat('it''s [x]')]")).Arguments[0]).Value);

    [Fact]
    public void IndexesAndNumbersAreRead()
    {
        var index = Assert.IsType<ArmIndex>(ArmExpression.Of("[variables('list')[1]]"));

        Assert.Equal(1, Assert.IsType<ArmNumber>(index.Index).Value);
    }

    [Theory]
    [InlineData("managedidentity", "managedidentity")]
    [InlineData("[[not an expression]", "[not an expression]")]
    public void PlainStringsAndEscapedBracketsAreNotExpressions(string value, string literal)
    {
        Assert.Null(ArmExpression.Of(value));
        Assert.Equal(literal, ArmExpression.Literal(value));
    }

    [Theory]
    [InlineData("[format('{0}', ]")]
    [InlineData("[parameters('x') extra]")]
    [InlineData("[concat('unclosed)]")]
    public void MalformedExpressionsAreRefusedRatherThanMisread(string value) =>
        Assert.Throws<FormatException>(() => ArmExpression.Of(value));
}
