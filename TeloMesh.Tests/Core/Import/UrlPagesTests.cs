using TeloMesh.Core.Import;

namespace TeloMesh.Tests.Core.Import;

/// <summary>How a page URL becomes the page TeloMesh groups by (the issue: "Pages from full URLs become paths").</summary>
public class UrlPagesTests
{
    [Theory]
    [InlineData("https://shop.example.com/cart?step=2#top", "/cart")]
    [InlineData("http://shop.example.com", "/")]
    [InlineData("https://shop.example.com/?utm_source=mail", "/")]
    [InlineData("HTTPS://Shop.Example.COM:8443/a/b/?x=1", "/a/b/")]
    [InlineData("https://user:secret@shop.example.com/account#orders", "/account")]
    [InlineData("https://shop.example.com/caf%C3%A9/men%C3%BC", "/café/menü")]
    [InlineData("https://bücher.example/straße?seite=2", "/straße")]
    [InlineData("  https://shop.example.com/help  ", "/help")]
    public void Scheme_host_query_and_fragment_are_dropped(string url, string page)
    {
        Assert.Equal(page, UrlPages.ToPage(url));
    }

    [Theory]
    [InlineData("https://shop.example.com/cart?step=2#top", "/cart?step=2")]
    [InlineData("https://shop.example.com/search?q=green+tea&page=2", "/search?q=green+tea&page=2")]
    [InlineData("https://shop.example.com/cart#top", "/cart")]
    [InlineData("https://shop.example.com/cart?", "/cart")]
    [InlineData("http://shop.example.com?ref=x", "/?ref=x")]
    public void Keep_query_keeps_the_query_and_still_drops_the_fragment(string url, string page)
    {
        Assert.Equal(page, UrlPages.ToPage(url, keepQuery: true));
    }

    [Theory]
    [InlineData("Checkout")]
    [InlineData("Produkt – Grüner Tee")]
    [InlineData("Help?")]
    [InlineData("Settings#advanced")]
    [InlineData("shop.example.com/signup")]
    [InlineData("mailto:support@example.com")]
    [InlineData("😀 Home")]
    public void Screen_names_and_other_text_are_unchanged(string name)
    {
        Assert.Equal(name, UrlPages.ToPage(name));
        Assert.Equal(name, UrlPages.ToPage(name, keepQuery: true));
    }

    [Theory]
    [InlineData("/search?q=tea#results", false, "/search")]
    [InlineData("/search?q=tea#results", true, "/search?q=tea")]
    [InlineData("/faq#shipping", false, "/faq")]
    [InlineData("/faq#shipping", true, "/faq")]
    [InlineData("/checkout", true, "/checkout")]
    public void A_relative_path_loses_its_fragment_and_its_query_unless_kept(string path, bool keepQuery, string page)
    {
        Assert.Equal(page, UrlPages.ToPage(path, keepQuery));
    }
}
