using System.Text.Json;

namespace CspUpgrades.Infra.Tests.Checking;

/// <summary>One app setting of the Function App as the compiled template writes it.</summary>
/// <param name="Name">The setting's name (always a literal: a name computed at deployment cannot be checked).</param>
/// <param name="Value">The value: a JSON literal, or a <c>[expression]</c> string of the site's template.</param>
/// <param name="Condition">
/// Null when always set; else the expression of the site's template under which it is set (Bicep's
/// <c>...(condition ? [ … ] : [])</c>), e.g. <c>parameters('publishEvents')</c>.
/// </param>
public sealed record TemplateAppSetting(string Name, JsonElement Value, ArmExpression? Condition);
