using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace TeloMesh.Benchmarks.Load;

/// <summary>
/// <c>load --hostile</c>: beside the sessions, a script uploads what once exhausted the server, again and again, over
/// HTTP with the antiforgery header: a 4 MB CSV of a million empty columns and three rows, and a 1 MB gzip of a
/// gigabyte of zeros. The bomb must be refused at upload; the wide CSV is a well-formed file, stored as sent, and must
/// be refused when analysed (its friction export asked for). Each refusal is a 4xx with a reason; anything else is an
/// error.
/// </summary>
internal static class HostileUploader
{
    public static async Task RunAsync(Uri server, DateTime deadline, LoadRecorder recorder)
    {
        var (wide, bomb) = (Wide(), Bomb());
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = server };
        var token = await http.GetFromJsonAsync<AntiforgeryToken>("api/antiforgery") ?? throw new InvalidOperationException("no antiforgery token");
        for (var round = 0; DateTime.UtcNow < deadline; round++)
        {
            foreach (var (what, body) in new[] { ("wide csv", wide), ("gzip bomb", bomb) })
            {
                await recorder.TimeAsync($"hostile upload: {what}", async () =>
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, $"api/datasets/hostile-{round}-{what.Replace(' ', '-')}/source")
                    {
                        Content = new ByteArrayContent(body),
                    };
                    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                    request.Headers.Add(token.Header, token.Token);
                    using var response = await http.SendAsync(request);
                    using var analysis = response.StatusCode == HttpStatusCode.Created
                        ? await http.GetAsync($"api/datasets/hostile-{round}-{what.Replace(' ', '-')}/export/friction.csv")
                        : null;
                    var refusal = analysis ?? response;
                    if ((int)refusal.StatusCode is < 400 or >= 500)
                        throw new InvalidOperationException($"HTTP {(int)refusal.StatusCode}, not a refusal: {await refusal.Content.ReadAsStringAsync()}");
                });
            }
        }
    }

    /// <summary>A header of 4 named and 1,000,000 empty columns, and three rows as wide: 4 MB.</summary>
    private static byte[] Wide()
    {
        var empty = new string(',', 1_000_000);
        var text = new StringBuilder("user_id,timestamp,page,event").Append(empty).Append('\n');
        for (var i = 0; i < 3; i++) text.Append($"u1,2025-03-01T10:0{i}:00Z,/a,view").Append(empty).Append('\n');
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    /// <summary>A gigabyte of zeros, gzipped to about a megabyte.</summary>
    private static byte[] Bomb()
    {
        using var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.SmallestSize))
        {
            var block = new byte[1 << 20];
            for (var i = 0; i < 1024; i++) gzip.Write(block);
        }
        return packed.ToArray();
    }

    private sealed record AntiforgeryToken(string Header, string Token);
}
