namespace CspUpgrades.LocalHost.Worker;

/// <summary>The worker went away (exited, or its stream closed) before it answered.</summary>
public sealed class WorkerUnavailableException : Exception
{
    public WorkerUnavailableException()
        : base("The worker is not available.")
    {
    }

    public WorkerUnavailableException(string message)
        : base(message)
    {
    }

    public WorkerUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
