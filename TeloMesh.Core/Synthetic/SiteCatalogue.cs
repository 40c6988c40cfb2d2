using Bogus;

namespace TeloMesh.Core.Synthetic;

/// <summary>The pages of a made-up online shop: the funnel pages, then category, product and blog pages up to a count.</summary>
internal sealed class SiteCatalogue
{
    public const string Home = "/home", Search = "/search", Cart = "/cart", Checkout = "/checkout",
        Payment = "/checkout/payment", Confirmation = "/checkout/confirmation", Help = "/help", Account = "/account",
        Login = "/login", Signup = "/signup", Contact = "/help/contact", Deals = "/deals";

    public static readonly string[] FixedPages = [Home, Search, Cart, Checkout, Payment, Confirmation, Help, Account, Login, Signup, Contact, Deals];

    public SiteCatalogue(int pageCount, Faker faker)
    {
        var remaining = pageCount - FixedPages.Length;
        // At the minimum of 12 pages /deals stands in for the one category (and, as below, for the products).
        var categories = remaining == 0 ? 0 : Math.Max(1, remaining / 6);
        var blogs = remaining / 8;
        var products = remaining - categories - blogs;
        var used = new HashSet<string>(FixedPages, StringComparer.Ordinal);
        Categories = Unique(categories, () => "/category/" + Slug(faker.Commerce.Categories(1)[0]), used);
        Products = Unique(products, () => "/product/" + Slug(faker.Commerce.ProductName()), used);
        Blog = Unique(blogs, () => "/blog/" + Slug(faker.Lorem.Slug(3)), used);
        if (Categories.Length == 0) Categories = [Deals];
        if (Products.Length == 0) Products = [Deals];
    }

    public string[] Categories { get; }
    public string[] Products { get; }
    public string[] Blog { get; }

    private static string[] Unique(int count, Func<string> make, HashSet<string> used)
    {
        var result = new List<string>(count);
        for (var attempt = 0; result.Count < count; attempt++)
        {
            var page = make();
            if (attempt > 20 * count) page = $"{page}-{result.Count}";
            if (used.Add(page)) result.Add(page);
        }
        return [.. result];
    }

    private static string Slug(string text) =>
        string.Join('-', text.ToLowerInvariant().Split([' ', '\'', '&', ','], StringSplitOptions.RemoveEmptyEntries));
}
