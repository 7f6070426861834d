namespace CspUpgrades.LocalHost.App;

/// <summary>The app cannot run on the local host as it is; <see cref="Errors"/> says why, each naming the file, function or binding.</summary>
public sealed class FunctionAppLoadException : Exception
{
    public FunctionAppLoadException(IReadOnlyList<string> errors)
        : base("The app cannot run on the local Functions host:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  - " + e)))
    {
        Errors = errors;
    }

    public FunctionAppLoadException()
        : this([])
    {
    }

    public FunctionAppLoadException(string message)
        : this([message])
    {
    }

    public FunctionAppLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [message];
    }

    public IReadOnlyList<string> Errors { get; } = [];
}
