using Microsoft.Extensions.Options;

namespace TeloMesh.Web.Services.Access;

/// <summary>
/// Refuses to start a server that other machines can reach without an access key, and a key too short to resist
/// guessing. Runs before Kestrel listens (validated on start), so an open dashboard never answers a single request.
/// </summary>
public sealed class AccessOptionsValidation(IConfiguration configuration) : IValidateOptions<AccessOptions>
{
    public ValidateOptionsResult Validate(string? name, AccessOptions options) =>
        Problem(options, configuration) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;

    /// <summary>Why the dashboard must not start with these settings, or null when it may.</summary>
    public static string? Problem(AccessOptions options, IConfiguration configuration)
    {
        if (options.Proxies().Invalid is [_, ..] invalid)
            return $"TeloMesh:TrustedProxies holds {string.Join(", ", invalid.Select(p => $"'{p}'"))}: give addresses (10.0.0.5) or networks (10.0.0.0/8).";
        if (options.SignInRequired && string.IsNullOrWhiteSpace(options.AccessKey))
            return $"TeloMesh:AccessKey is {options.AccessKey!.Length} blank characters: a key of spaces is no secret. Use at least " +
                $"{AccessOptions.MinimumKeyLength} characters that are not all blank (for example the output of `openssl rand -base64 24`).";
        if (options.SignInRequired && options.AccessKey!.Length < AccessOptions.MinimumKeyLength)
            return $"TeloMesh:AccessKey is {options.AccessKey.Length} characters long; use at least {AccessOptions.MinimumKeyLength} " +
                "(for example the output of `openssl rand -base64 24`).";
        if (options.SignInRequired) return null;
        var open = BindAddresses.NonLoopback(BindAddresses.FromConfiguration(configuration));
        return open.Count == 0 ? null : MissingKeyMessage(open);
    }

    /// <summary>The same check on the raw configuration, for Program to print before any host starts.</summary>
    public static string? Problem(IConfiguration configuration) =>
        Problem(configuration.GetSection(TeloMeshOptions.Section).Get<AccessOptions>() ?? new AccessOptions(), configuration);

    public static string MissingKeyMessage(IEnumerable<string> addresses) =>
        $"TeloMesh will not listen on {string.Join(", ", addresses)} without an access key: other machines could read every " +
        "uploaded dataset. Set one (at least 16 characters), for example `export TeloMesh__AccessKey=\"$(openssl rand -base64 24)\"` " +
        "or \"AccessKey\" in the \"TeloMesh\" section of appsettings.json, and share it with your team; or listen on " +
        "loopback only (--urls http://127.0.0.1:5193).";
}
