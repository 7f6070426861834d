using System.Globalization;
using System.Text;
using System.Xml;

namespace CspUpgrades.Storage.Queues;

/// <summary>The Queue service's XML: <c>&lt;QueueMessagesList&gt;&lt;QueueMessage&gt;…</c> in answers, <c>&lt;QueueMessage&gt;&lt;MessageText&gt;</c> in requests.</summary>
internal static class QueueMessageXml
{
    private static readonly XmlReaderSettings Settings = new() { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true };

    /// <summary>Base64 text is plain ASCII: no XML escaping needed.</summary>
    public static BinaryData Request(string base64Text) =>
        BinaryData.FromString("<QueueMessage><MessageText>" + base64Text + "</MessageText></QueueMessage>");

    /// <summary>Each <c>QueueMessage</c> element of a list as a name → text map.</summary>
    public static List<Dictionary<string, string>> ReadList(BinaryData content)
    {
        var messages = new List<Dictionary<string, string>>();
        Dictionary<string, string>? current = null;
        using var reader = XmlReader.Create(content.ToStream(), Settings);
        reader.MoveToContent();
        while (!reader.EOF)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.Name == "QueueMessage")
            {
                current = new Dictionary<string, string>(StringComparer.Ordinal);
                messages.Add(current);
            }
            else if (reader.NodeType == XmlNodeType.Element && current is not null)
            {
                current[reader.Name] = reader.ReadElementContentAsString(); // Moves past the element.
                continue;
            }

            reader.Read();
        }

        return messages;
    }

    /// <summary>The service dates messages in RFC 1123 (<c>Sat, 21 Nov 2026 05:49:03 GMT</c>).</summary>
    public static DateTimeOffset? Date(Dictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var text) ? ParseDate(text) : null;

    public static DateTimeOffset? ParseDate(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date)
            ? date
            : null;

    /// <summary>Messages are base64 on the wire (the Functions trigger's default); text that is not base64 comes back as is.</summary>
    public static BinaryData DecodeBody(string text)
    {
        var bytes = new byte[(text.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(text, bytes, out var written)
            ? new BinaryData(bytes.AsMemory(0, written))
            : BinaryData.FromBytes(Encoding.UTF8.GetBytes(text));
    }
}
