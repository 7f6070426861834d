using System.Globalization;
using System.Text;

namespace CspUpgrades.Bench;

/// <summary>The one table a run (or the medians of several) prints.</summary>
internal static class ResultTable
{
    public static string Format(IReadOnlyList<Measurement> measurements, IReadOnlyList<RequestCount> requests)
    {
        var text = new StringBuilder();
        var rows = measurements.Select(m => new[]
        {
            m.Area, m.Name, Number(m.App) + " " + m.Unit, m.Raw is null ? "" : Number(m.Raw) + " " + m.Unit,
            m.Ratio is { } ratio ? ratio.ToString("0.00", CultureInfo.InvariantCulture) : "", m.Target ?? "",
            m.Met switch { true => "met", false => "MISSED", null => "" },
        }).ToList();
        Append(text, ["Area", "Measure", "App", "Raw storage", "App/raw", "Target", ""], rows);
        text.AppendLine();
        Append(text, ["Storage requests per call", "Measured", "Recorded", "Model minimum", "Why"],
            [.. requests.Select(r => new[] { r.UseCase, Number(r.Measured), Number(r.Budget), Number(r.ModelMinimum), r.Why })]);
        return text.ToString();
    }

    public static string Number(double? value) => value switch
    {
        null => "",
        { } v when double.IsNaN(v) => "n/a",
        { } v when Math.Abs(v) >= 100 => v.ToString("#,0", CultureInfo.InvariantCulture),
        { } v when Math.Abs(v) >= 10 => v.ToString("0.0", CultureInfo.InvariantCulture),
        { } v => v.ToString("0.00", CultureInfo.InvariantCulture),
    };

    private static void Append(StringBuilder text, string[] header, List<string[]> rows)
    {
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        void Line(string[] cells) => text.AppendLine(string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        Line(header);
        Line([.. widths.Select(w => new string('-', w))]);
        rows.ForEach(Line);
    }
}
