using System.Net.Http.Json;
using CspUpgrades.Functions.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CspUpgrades.Functions.LocalRunner;

/// <summary>
/// Delivers an invocation to this app exactly as the Functions host would: an HTTP
/// <c>POST /{FunctionName}</c> with the Data/Metadata envelope, over the real HTTP pipeline.
/// </summary>
public class InvocationDispatcher(IServer server, IHttpClientFactory httpClients)
{
    public const string HttpClientName = "local-trigger-runner";

    public virtual async Task<bool> InvokeAsync(string functionName, InvocationRequest request, CancellationToken cancellationToken)
    {
        var client = httpClients.CreateClient(HttpClientName);
        using var response = await client.PostAsJsonAsync(new Uri(OwnAddress(), functionName), request, cancellationToken);
        return response.IsSuccessStatusCode;
    }

    private Uri OwnAddress()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The app is not listening on any address yet.");
        // Kestrel reports wildcard bindings as-is; the loopback address always reaches them.
        var uri = new UriBuilder(address.Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal)) { Path = "/" };
        return uri.Uri;
    }
}
