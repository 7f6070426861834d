namespace CspUpgrades.LocalHost;

/// <summary>
/// What an in-process worker needs to connect to this host: the four values a worker process gets as
/// <c>--functions-uri</c>, <c>--functions-worker-id</c>, <c>--functions-request-id</c> and
/// <c>--functions-grpc-max-message-length</c>, the app's build output, and the settings a worker process would get as
/// its environment (local.settings.json Values with the host's overrides).
/// </summary>
public sealed record InProcessWorkerStart(
    Uri HostEndpoint,
    string WorkerId,
    string RequestId,
    int GrpcMaxMessageLength,
    string AppDirectory,
    IReadOnlyDictionary<string, string> Settings);
