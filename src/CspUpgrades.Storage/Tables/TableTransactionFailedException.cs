using Azure;

namespace CspUpgrades.Storage.Tables;

/// <summary>
/// An entity group transaction was rejected; nothing in it was applied. <see cref="RequestFailedException.Status"/> and
/// <see cref="RequestFailedException.ErrorCode"/> are those of the failing operation, not of the 202 batch envelope.
/// </summary>
public sealed class TableTransactionFailedException : RequestFailedException
{
    public TableTransactionFailedException(string message)
        : base(message)
    {
    }

    public TableTransactionFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TableTransactionFailedException(int status, string? errorCode, int? failedTransactionActionIndex, string message)
        : base(status, message, errorCode, null)
    {
        FailedTransactionActionIndex = failedTransactionActionIndex;
    }

    /// <summary>The 0-based index of the action that failed, when the service named it.</summary>
    public int? FailedTransactionActionIndex { get; }
}
