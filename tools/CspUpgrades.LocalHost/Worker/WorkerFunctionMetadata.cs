using System.Text.Json;
using CspUpgrades.LocalHost.App;
using CspUpgrades.LocalHost.Rpc;

namespace CspUpgrades.LocalHost.Worker;

/// <summary>
/// The functions a worker loads, as RpcFunctionMetadata: the worker's own list checked against functions.metadata
/// (worker indexing), or the list built from functions.metadata for a worker that asks for host indexing.
/// </summary>
internal static class WorkerFunctionMetadata
{
    /// <summary>
    /// What is wrong with the functions a worker indexed: each must be one the local host can run, and together the same
    /// functions as functions.metadata (which the host validated at start-up). Empty when nothing is.
    /// </summary>
    public static List<string> Check(IReadOnlyList<RpcFunctionMetadata> listed, FunctionApp app)
    {
        var errors = new List<string>();
        foreach (var function in listed)
        {
            FunctionMetadataReader.ParseFunction(function.Name, function.EntryPoint, function.ScriptFile, function.RawBindings, app.Settings, errors);
        }

        var expected = app.Functions.Select(f => f.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var actual = listed.Select(f => f.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (!expected.SetEquals(actual))
        {
            errors.Add($"functions.metadata lists [{string.Join(", ", expected.Order())}] but the worker indexed [{string.Join(", ", actual.Order())}]: rebuild the app.");
        }

        return errors;
    }

    /// <summary>Host indexing: one function's metadata built from functions.metadata, its binding map (type, direction, dataType) included.</summary>
    public static RpcFunctionMetadata FromFunctionsMetadata(FunctionDefinition function)
    {
        var metadata = new RpcFunctionMetadata
        {
            Name = function.Name,
            FunctionId = Guid.NewGuid().ToString(),
            EntryPoint = function.EntryPoint,
            ScriptFile = function.ScriptFile,
            Language = "dotnet-isolated",
        };
        metadata.RawBindings.AddRange(function.RawBindings);
        foreach (var raw in function.RawBindings)
        {
            using var binding = JsonDocument.Parse(raw);
            var root = binding.RootElement;
            string? Read(string name) => root.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Value is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;
            var direction = Read("direction")?.ToLowerInvariant() switch
            {
                "out" => BindingInfo.Types.Direction.Out,
                "inout" => BindingInfo.Types.Direction.Inout,
                _ => BindingInfo.Types.Direction.In,
            };
            var dataType = Read("dataType")?.ToLowerInvariant() switch
            {
                "string" => BindingInfo.Types.DataType.String,
                "binary" => BindingInfo.Types.DataType.Binary,
                "stream" => BindingInfo.Types.DataType.Stream,
                _ => BindingInfo.Types.DataType.Undefined,
            };
            metadata.Bindings[Read("name") ?? string.Empty] = new BindingInfo { Type = Read("type") ?? string.Empty, Direction = direction, DataType = dataType };
        }

        return metadata;
    }
}
