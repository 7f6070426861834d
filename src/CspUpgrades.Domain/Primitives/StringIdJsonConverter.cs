using System.Text.Json;
using System.Text.Json.Serialization;

namespace CspUpgrades.Domain.Primitives;

/// <summary>Writes an identifier as its plain string and refuses invalid ones when reading.</summary>
public sealed class StringIdJsonConverter<T> : JsonConverter<T> where T : struct, IStringId<T>
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        // Stryker disable once Conditional : equivalent — on a token that is no string, GetString's InvalidOperationException reaches the caller as the same JsonException
        Parse(reader.TokenType == JsonTokenType.String ? reader.GetString() : null);

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);

    public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Parse(reader.GetString());

    public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WritePropertyName(value.Value);

    private static T Parse(string? text) =>
        T.TryParse(text, out var id) ? id : throw new JsonException($"Not a valid {typeof(T).Name}: '{text}'.");
}
