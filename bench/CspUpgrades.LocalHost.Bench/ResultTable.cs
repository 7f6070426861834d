using System.Globalization;
using System.Text;

namespace CspUpgrades.LocalHost.Bench;

/// <summary>The plain table: one row per measurement, one column per worker mode, milliseconds.</summary>
internal static class ResultTable
{
    private static readonly (string Name, Func<ModeResult, string> Value)[] Rows =
    [
        ("start → first answer, median (min–max), 5 starts", m => $"{Ms(Percentiles.Median(m.StartToFirstAnswer))} ({Ms(m.StartToFirstAnswer.Min())}–{Ms(m.StartToFirstAnswer.Max())})"),
        ("  of which the first GET, median", m => Ms(Percentiles.Median(m.FirstRequest))),
        ("host ready (EventId 5), median", m => Ms(Percentiles.Median(m.HostReady))),
        ($"HTTP end to end, median ({{0}} calls)", m => Ms(Percentiles.Median(m.HttpEndToEnd), "0.00")),
        ("HTTP end to end, p90", m => Ms(m.HttpEndToEndP90, "0.00")),
        ("invocation round trip, EventId 12 Duration, median", m => Ms(Percentiles.Median(m.HttpInvocationReported))),
        ("invocation round trip, EventId 11 → 12, median", m => Ms(Percentiles.Median(m.HttpInvocation), "0.00")),
        ("host overhead (e2e − 11 → 12), median", m => Ms(m.HostOverhead, "0.00")),
        ("queue: enqueue → start, median ({1} msgs)", m => $"{Ms(Percentiles.Median(m.QueuePickup))} (max {Ms(m.QueuePickup.Max())})"),
        ("timer: occurrence → start, median ({2})", m => $"{Ms(Percentiles.Median(m.TimerLateness), "0.0")} (max {Ms(m.TimerLateness.Max(), "0.0")})"),
        ("stop (StopAsync), median (min–max)", m => $"{Ms(Percentiles.Median(m.Stop))} ({Ms(m.Stop.Min())}–{Ms(m.Stop.Max())})"),
    ];

    public static string Format(IReadOnlyList<ModeResult> modes)
    {
        var first = modes[0];
        var names = Rows.Select(r => string.Format(CultureInfo.InvariantCulture, r.Name, first.HttpEndToEnd.Count, first.QueuePickup.Count, first.TimerLateness.Count)).ToList();
        var cells = Rows.Select(r => modes.Select(r.Value).ToList()).ToList();
        var nameWidth = names.Max(n => n.Length) + 2;
        var widths = modes.Select((m, i) => Math.Max(m.Mode.Length, cells.Max(row => row[i].Length)) + 2).ToList();

        var table = new StringBuilder();
        table.Append(string.Empty.PadRight(nameWidth));
        for (var i = 0; i < modes.Count; i++)
        {
            table.Append(modes[i].Mode.PadRight(widths[i]));
        }

        table.AppendLine();
        for (var row = 0; row < Rows.Length; row++)
        {
            table.Append(names[row].PadRight(nameWidth));
            for (var i = 0; i < modes.Count; i++)
            {
                table.Append(cells[row][i].PadRight(widths[i]));
            }

            table.AppendLine();
        }

        return table.ToString();
    }

    private static string Ms(double value, string format = "0") => value.ToString(format, CultureInfo.InvariantCulture) + " ms";
}
