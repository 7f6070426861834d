using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CspUpgrades.Functions.Tests.Fuzzing;

/// <summary>
/// A valid JSON body in which one place is replaced by raw text — which need not be valid JSON, so a
/// mutation can be a wrong type, a truncated value, a duplicate member or bytes that are not UTF-8.
/// Paths are dotted (<c>subscription.channel.kind</c>).
/// </summary>
public sealed class JsonTemplate(JsonObject valid)
{
    private const string Slot = "__fuzz_slot__";

    public byte[] Valid => JsonSerializer.SerializeToUtf8Bytes(valid);

    /// <summary>The value at <paramref name="path"/> replaced by <paramref name="rawValue"/>.</summary>
    public byte[] WithValue(string path, string rawValue) => WithValueBytes(path, Encoding.UTF8.GetBytes(rawValue));

    /// <summary>The value at <paramref name="path"/> replaced by raw bytes (e.g. a string holding invalid UTF-8).</summary>
    public byte[] WithValueBytes(string path, byte[] rawValue)
    {
        var copy = (JsonObject)valid.DeepClone();
        var (parent, name) = Locate(copy, path);
        parent[name] = Slot;
        return Replace(JsonSerializer.SerializeToUtf8Bytes(copy), "\"" + Slot + "\"", rawValue);
    }

    /// <summary>The member at <paramref name="path"/> left out.</summary>
    public byte[] Without(string path)
    {
        var copy = (JsonObject)valid.DeepClone();
        var (parent, name) = Locate(copy, path);
        parent.Remove(name);
        return JsonSerializer.SerializeToUtf8Bytes(copy);
    }

    /// <summary>A raw member (<c>"name":value</c>) added to the object at <paramref name="objectPath"/> ("" for the root), before its other members.</summary>
    public byte[] WithMember(string objectPath, string rawMember)
    {
        var copy = (JsonObject)valid.DeepClone();
        var target = objectPath.Length == 0 ? copy : (JsonObject)Locate(copy, objectPath).Parent[Last(objectPath)]!;
        var members = target.ToList();
        target.Clear();
        target[Slot] = 0;
        foreach (var (name, value) in members)
        {
            target[name] = value;
        }

        return Replace(JsonSerializer.SerializeToUtf8Bytes(copy), "\"" + Slot + "\":0", Encoding.UTF8.GetBytes(rawMember));
    }

    /// <summary>Dotted paths of every member, objects included (for mutations that pick a place at random).</summary>
    public IReadOnlyList<string> Paths()
    {
        var paths = new List<string>();
        Collect(valid, string.Empty, paths);
        return paths;
    }

    public JsonNode? ValueAt(string path)
    {
        var (parent, name) = Locate(valid, path);
        return parent[name];
    }

    private static void Collect(JsonObject node, string prefix, List<string> paths)
    {
        foreach (var (name, value) in node)
        {
            var path = prefix.Length == 0 ? name : prefix + "." + name;
            paths.Add(path);
            if (value is JsonObject child)
            {
                Collect(child, path, paths);
            }
        }
    }

    private static (JsonObject Parent, string Name) Locate(JsonObject root, string path)
    {
        var parts = path.Split('.');
        var node = root;
        foreach (var part in parts[..^1])
        {
            node = (JsonObject)node[part]!;
        }

        return (node, parts[^1]);
    }

    private static string Last(string path) => path.Split('.')[^1];

    private static byte[] Replace(byte[] json, string marker, byte[] replacement)
    {
        var at = json.AsSpan().IndexOf(Encoding.UTF8.GetBytes(marker));
        return [.. json.AsSpan(0, at), .. replacement, .. json.AsSpan(at + marker.Length)];
    }
}
