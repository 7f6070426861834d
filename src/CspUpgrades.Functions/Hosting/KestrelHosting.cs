using CspUpgrades.Functions.Composition;

namespace CspUpgrades.Functions.Hosting;

public static class KestrelHosting
{
    /// <summary>
    /// Under the Functions host: listen on the loopback port it passes. On our own: the configured
    /// URLs, or 127.0.0.1:7071 (the port Core Tools uses, so docs and curl examples carry over).
    /// </summary>
    public static void ConfigureKestrelForHosting(this IWebHostBuilder webHost, IConfiguration configuration)
    {
        if (HostingMode.CustomHandlerPort(configuration) is { } port)
        {
            webHost.ConfigureKestrel(kestrel => kestrel.ListenLocalhost(port));
        }
        else if (string.IsNullOrEmpty(configuration[WebHostDefaults.ServerUrlsKey]) && string.IsNullOrEmpty(configuration[AppSettings.AspNetCoreUrls]))
        {
            webHost.UseUrls(HostingMode.DefaultLocalUrl);
        }
    }
}
