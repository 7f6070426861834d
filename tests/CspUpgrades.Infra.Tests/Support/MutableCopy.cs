namespace CspUpgrades.Infra.Tests.Support;

/// <summary>
/// A throwaway copy of what the checker reads (infra/, local.settings.sample.json, docs/DEPLOY.md), for a
/// test to break one thing in. Every edit insists that the text it replaces is there exactly once, so a
/// mutation test can never pass because its mutation silently did nothing.
/// </summary>
public sealed class MutableCopy : IDisposable
{
    private static readonly string[] Copied = ["infra", "local.settings.sample.json", "docs/DEPLOY.md"];

    public MutableCopy()
    {
        Root = Path.Combine(Path.GetTempPath(), "cspupgrades-infra-" + Guid.NewGuid().ToString("N"));
        foreach (var relative in Copied)
        {
            var source = Repository.PathOf(relative);
            var target = Path.Combine(Root, relative);
            if (Directory.Exists(source))
            {
                foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
                {
                    CopyFile(file, Path.Combine(target, Path.GetRelativePath(source, file)));
                }
            }
            else
            {
                CopyFile(source, target);
            }
        }
    }

    public string Root { get; }

    /// <summary>Replaces the one occurrence of <paramref name="original"/> in the file.</summary>
    public MutableCopy Replace(string relativePath, string original, string replacement)
    {
        var path = Path.Combine(Root, relativePath);
        var text = File.ReadAllText(path).ReplaceLineEndings("\n");
        var count = CountOf(text, original);
        if (count != 1)
        {
            throw new InvalidOperationException($"Expected exactly one occurrence in {relativePath}, found {count}:\n{original}");
        }

        File.WriteAllText(path, text.Replace(original, replacement, StringComparison.Ordinal));
        return this;
    }

    public MutableCopy Remove(string relativePath, string original) => Replace(relativePath, original, string.Empty);

    /// <summary>Replaces every occurrence of <paramref name="original"/>; there must be at least one.</summary>
    public MutableCopy ReplaceEverywhere(string relativePath, string original, string replacement)
    {
        var path = Path.Combine(Root, relativePath);
        var text = File.ReadAllText(path);
        if (CountOf(text, original) == 0)
        {
            throw new InvalidOperationException($"No occurrence in {relativePath}: {original}");
        }

        File.WriteAllText(path, text.Replace(original, replacement, StringComparison.Ordinal));
        return this;
    }

    /// <summary>Removes the paragraph (up to the next blank line) that starts with the one line <paramref name="firstLine"/>.</summary>
    public MutableCopy RemoveParagraph(string relativePath, string firstLine)
    {
        var text = File.ReadAllText(Path.Combine(Root, relativePath)).ReplaceLineEndings("\n");
        var start = text.IndexOf(firstLine + "\n", StringComparison.Ordinal);
        if (start < 0 || text.IndexOf(firstLine + "\n", start + 1, StringComparison.Ordinal) >= 0)
        {
            throw new InvalidOperationException($"Expected exactly one line in {relativePath}: {firstLine}");
        }

        var end = text.IndexOf("\n\n", start, StringComparison.Ordinal);
        return Remove(relativePath, end < 0 ? text[start..] : text[start..(end + 2)]);
    }

    public MutableCopy Write(string relativePath, string text)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return this;
    }

    public MutableCopy Delete(string relativePath)
    {
        File.Delete(Path.Combine(Root, relativePath));
        return this;
    }

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static void CopyFile(string source, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(source, target);
    }
}
