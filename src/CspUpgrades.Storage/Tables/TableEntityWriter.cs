using System.Globalization;
using System.Text.Json;

namespace CspUpgrades.Storage.Tables;

/// <summary>
/// Writes an entity as OData JSON. Int64, Double, DateTime, Guid and Binary carry an <c>@odata.type</c>
/// annotation: Int64 travels as a string (a JSON number above 2^53 would lose precision), Double is
/// annotated so a whole value stays a double, and NaN/±Infinity travel as strings.
/// </summary>
internal static class TableEntityWriter
{
    private const string TypeSuffix = "@odata.type";

    public static void Write(Utf8JsonWriter writer, TableEntity entity)
    {
        Span<byte> digits = stackalloc byte[20];
        writer.WriteStartObject();
        foreach (var (name, value) in entity)
        {
            if (name == TableEntity.TimestampName)
            {
                continue; // The service owns it.
            }

            switch (value)
            {
                case string s:
                    writer.WriteString(name, s);
                    break;
                case bool b:
                    writer.WriteBoolean(name, b);
                    break;
                case int i:
                    writer.WriteNumber(name, i);
                    break;
                case long l:
                    WriteType(writer, name, "Edm.Int64"u8);
                    l.TryFormat(digits, out var written, provider: CultureInfo.InvariantCulture);
                    writer.WriteString(name, digits[..written]);
                    break;
                case double d:
                    WriteType(writer, name, "Edm.Double"u8);
                    if (double.IsFinite(d))
                    {
                        writer.WriteNumber(name, d);
                    }
                    else
                    {
                        writer.WriteString(name, double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
                    }

                    break;
                case DateTimeOffset dateTime:
                    WriteType(writer, name, "Edm.DateTime"u8);
                    writer.WriteString(name, dateTime.UtcDateTime);
                    break;
                case Guid guid:
                    WriteType(writer, name, "Edm.Guid"u8);
                    writer.WriteString(name, guid);
                    break;
                case byte[] bytes:
                    WriteType(writer, name, "Edm.Binary"u8);
                    writer.WriteBase64String(name, bytes);
                    break;
                default:
                    throw new InvalidOperationException($"Property '{name}' has unsupported type {value.GetType().Name}.");
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteType(Utf8JsonWriter writer, string name, ReadOnlySpan<byte> edmType)
    {
        Span<char> annotation = stackalloc char[name.Length + TypeSuffix.Length];
        name.CopyTo(annotation);
        TypeSuffix.CopyTo(annotation[name.Length..]);
        writer.WriteString(annotation, edmType);
    }
}
