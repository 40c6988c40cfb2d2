using TeloMesh.Core.Sessions;
using TeloMesh.Core.Text;

namespace TeloMesh.Core.Friction;

/// <summary>
/// The part of the friction report that depends on the sessions alone (SPEC.md section 4): for every (page, event)
/// pair its occurrences, exits and distinct users lost, and the pair of every step. One pass over every step, made
/// once per set of sessions and reused when only the betweenness or the chokepoint percentile changes.
/// </summary>
public sealed class FrictionCounts
{
    private FrictionCounts(SessionSet sessions, (int Page, int Event)[] pairs, int[] occurrences, int[] exits, int[] uniqueUsersLost, int[] stepPair)
    {
        Sessions = sessions;
        Pairs = pairs;
        Occurrences = occurrences;
        Exits = exits;
        UniqueUsersLost = uniqueUsersLost;
        StepPair = stepPair;
    }

    public SessionSet Sessions { get; }

    /// <summary>(page id, event id) of each pair, in order of first occurrence.</summary>
    public (int Page, int Event)[] Pairs { get; }

    public int[] Occurrences { get; }
    public int[] Exits { get; }
    public int[] UniqueUsersLost { get; }

    /// <summary>The pair index of each step, in the order of <see cref="SessionSet.AllSteps"/>.</summary>
    public int[] StepPair { get; }

    public static FrictionCounts Count(SessionSet sessions)
    {
        var events = sessions.Events;
        var pageIds = events.PageIds;
        var eventIds = events.EventIds;
        var userIds = events.UserIds;

        var pairIndex = new Dictionary<long, int>(PairKey.Comparer);
        var pairs = new List<(int Page, int Event)>();
        var occurrences = new List<int>();
        var stepPair = new int[sessions.StepCount];
        var allSteps = sessions.AllSteps;
        for (var k = 0; k < allSteps.Length; k++)
        {
            var row = allSteps[k];
            var key = PairKey.Of(pageIds[row], eventIds[row]);
            if (!pairIndex.TryGetValue(key, out var p))
            {
                p = pairs.Count;
                pairIndex.Add(key, p);
                pairs.Add((pageIds[row], eventIds[row]));
                occurrences.Add(0);
            }
            occurrences[p]++;
            stepPair[k] = p;
        }
        var exits = new int[pairs.Count];
        var lostUsers = new HashSet<long>(PairKey.Comparer);
        var offsets = sessions.StepOffsets;
        for (var s = 0; s < sessions.Count; s++)
        {
            var last = offsets[s + 1] - 1;
            var p = stepPair[last];
            exits[p]++;
            lostUsers.Add(PairKey.Of(p, userIds[allSteps[last]]));
        }
        var uniqueLost = new int[pairs.Count];
        foreach (var key in lostUsers) uniqueLost[(int)(key >> 32)]++;
        return new FrictionCounts(sessions, [.. pairs], [.. occurrences], exits, uniqueLost, stepPair);
    }
}
