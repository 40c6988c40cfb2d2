using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace TeloMesh.Tests.Web;

/// <summary>
/// Uploads the way a script does: an antiforgery token from <c>GET /api/antiforgery</c> (its cookie lands in the
/// client's cookie container), then the file as octet-stream with the token in the header the endpoint names.
/// </summary>
internal static class AntiforgeryUpload
{
    public static async Task<(string Header, string Token)> TokenAsync(HttpClient http)
    {
        var json = await http.GetFromJsonAsync<System.Text.Json.JsonElement>("api/antiforgery");
        return (json.GetProperty("header").GetString()!, json.GetProperty("token").GetString()!);
    }

    public static async Task<HttpResponseMessage> PostAsync(HttpClient http, string name, byte[] body)
    {
        var (header, token) = await TokenAsync(http);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/datasets/{name}/source") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        request.Headers.Add(header, token);
        return await http.SendAsync(request);
    }
}
