namespace CspUpgrades.Storage.Tests.DataModel.Builders;

/// <summary>Starts several calls on pool threads released by one gate, so they race for real.</summary>
public static class Concurrently
{
    public static async Task<T[]> RunAsync<T>(params Func<Task<T>>[] calls)
    {
        ArgumentNullException.ThrowIfNull(calls);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = calls.Select(call => Task.Run(async () =>
        {
            await gate.Task;
            return await call();
        })).ToArray();
        gate.SetResult();
        return await Task.WhenAll(tasks);
    }
}
