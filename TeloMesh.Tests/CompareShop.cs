using System.Globalization;
using System.Text;

namespace TeloMesh.Tests;

/// <summary>
/// A shop's two weeks, made for comparing them (docs/metrics.md section 9) with numbers worked out by hand. Every session
/// is one user's: /home, then /cart, then /checkout, /error or /help, or it ends at /cart. All events are "view", one
/// minute apart; the session with index i of a week starts on day i mod 7 of that week at 09:00 + (i div 7) hours, and
/// its platform is ios for an even i, web for an odd one (20 of each per week).
/// <list type="bullet">
/// <item>Week A, sessions starting 2025-03-03 to 2025-03-09 (40): 28 go on to /checkout, 4 to /error, 4 to /help, 4 end at /cart.</item>
/// <item>Week B, sessions starting 2025-03-10 to 2025-03-16 (40): 12 to /checkout, 16 to /error, 4 to /help, 8 end at /cart.</item>
/// </list>
/// The last event is on Sunday 2025-03-16, so "last week vs the week before" is A = [03-03, 03-10), B = [03-10, 03-17).
/// <para>
/// Without goals, at the default minimum support of 30 (pooled z-test: p̂ = (k_A + k_B)/(n_A + n_B),
/// se = sqrt(p̂(1 - p̂)(1/n_A + 1/n_B)), z = (k_B/n_B - k_A/n_A)/se, p = erfc(|z|/√2)):
/// </para>
/// <list type="bullet">
/// <item>/cart -> /checkout: of the transitions out of /cart (36 in A, 32 in B) 28 and 12: 77.8 % -> 37.5 %, difference
/// -0.4027778; p̂ = 40/68 = 0.5882353, se = sqrt(0.5882353 · 0.4117647 · (1/36 + 1/32)) = sqrt(0.2422145 · 0.0590278) =
/// 0.1195708, z = -3.368505, p = erfc(2.381890) = 0.0007558; impact 0.4027778 · 32 = 12.89.</item>
/// <item>/cart -> /error: 4 of 36 and 16 of 32: 11.1 % -> 50.0 %, difference +0.3888889; p̂ = 20/68 = 0.2941176,
/// se = sqrt(0.2941176 · 0.7058824 · 0.0590278) = 0.1107020, z = 3.512939, p = 0.0004432; impact 0.3888889 · 32 = 12.44.</item>
/// <item>exit (/cart, view): 4 of 40 visits and 8 of 40: 10.0 % -> 20.0 %; p̂ = 12/80 = 0.15, se = sqrt(0.15 · 0.85 · 0.05) =
/// 0.0798436, z = 1.252449, p = 0.210406; impact 0.1 · 40 = 4.</item>
/// <item>/cart -> /help: 4 of 36 and 4 of 32: 11.1 % -> 12.5 %; p̂ = 8/68, se = 0.0782794, z = 0.177430, p = 0.859170; impact 0.44.</item>
/// <item>exit (/home, view): 0 of 40 in both, and /home -> /cart: 40 of 40 in both: se = 0, z = 0, p = 1; impact 0.</item>
/// <item>Left out (n below 30 in a slice): the exits of /checkout (12 visits in B), /error (4 in A) and /help (4 and 4): 3.</item>
/// </list>
/// Benjamini-Hochberg over the 6 tests, p in ascending order: 0.0004432 · 6/1 = 0.0026591, 0.0007558 · 6/2 = 0.0022673 (so
/// both q = 0.0022673), 0.210406 · 6/3 = 0.420813, then 0.859170 · 6/4, 1 · 6/5 and 1 · 6/6 (all q = 1). Two changes are
/// significant; the larger impact comes first, so the top change is /cart -> /checkout, and the only change for the worse
/// (an exit rate that rose) is exit (/cart, view), not significant.
/// </summary>
internal static class CompareShop
{
    /// <summary>The header and every event.</summary>
    public static string Csv()
    {
        var csv = new StringBuilder("user_id,timestamp,page,event,platform\n");
        Week(csv, "a", new DateTime(2025, 3, 3, 9, 0, 0, DateTimeKind.Utc), checkout: 28, error: 4, help: 4, endAtCart: 4);
        Week(csv, "b", new DateTime(2025, 3, 10, 9, 0, 0, DateTimeKind.Utc), checkout: 12, error: 16, help: 4, endAtCart: 8);
        return csv.ToString();
    }

    /// <summary>
    /// Checks the first two lines of the two weeks' <c>comparison.csv</c> (no goals, minimum support 30): the header, and
    /// /cart -> /checkout with the numbers worked out above: 28 of 36, 12 of 32, rates 7/9 and 3/8, difference 3/8 - 7/9,
    /// z = -3.368505, p = 0.0007558, q = 0.0022673, impact (7/9 - 3/8) · 32.
    /// </summary>
    public static void AssertHeaderAndTopRow(IReadOnlyList<string> lines)
    {
        Assert.Equal("kind,page,event,to_page,count_a,total_a,count_b,total_b,rate_a,rate_b,difference,z,p,q,impact", lines[0]);
        var top = lines[1].Split(',');
        Assert.Equal(["transition", "/cart", "", "/checkout", "28", "36", "12", "32"], top[..8]);
        var numbers = top[8..].Select(n => double.Parse(n, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(7.0 / 9, numbers[0], 12);
        Assert.Equal(0.375, numbers[1], 12);
        Assert.Equal(3.0 / 8 - 7.0 / 9, numbers[2], 12);
        Assert.Equal(-3.368505, numbers[3], 6);
        Assert.Equal(0.0007558, numbers[4], 7);
        Assert.Equal(0.0022673, numbers[5], 7);
        Assert.Equal((7.0 / 9 - 3.0 / 8) * 32, numbers[6], 9);
    }

    private static void Week(StringBuilder csv, string prefix, DateTime monday, int checkout, int error, int help, int endAtCart)
    {
        string?[] lastPages = [.. Enumerable.Repeat("/checkout", checkout), .. Enumerable.Repeat("/error", error), .. Enumerable.Repeat("/help", help),
            .. Enumerable.Repeat<string?>(null, endAtCart)];
        for (var i = 0; i < lastPages.Length; i++)
        {
            var start = monday.AddDays(i % 7).AddHours(i / 7);
            string[] pages = lastPages[i] is { } last ? ["/home", "/cart", last] : ["/home", "/cart"];
            for (var step = 0; step < pages.Length; step++)
                csv.Append(CultureInfo.InvariantCulture,
                    $"{prefix}{i:00},{start.AddMinutes(step):yyyy-MM-ddTHH:mm:ssZ},{pages[step]},view,{(i % 2 == 0 ? "ios" : "web")}\n");
        }
    }
}
