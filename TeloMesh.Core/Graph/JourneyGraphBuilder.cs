using TeloMesh.Core.Sessions;

namespace TeloMesh.Core.Graph;

/// <summary>
/// Builds the <see cref="JourneyGraph"/> from sessions: every pair of consecutive steps is a transition
/// <c>page_i -> page_i+1</c> (self-loops included) carrying the destination step's event.
/// </summary>
public static class JourneyGraphBuilder
{
    public static JourneyGraph Build(SessionSet sessions, CompatMode mode = CompatMode.Default)
    {
        var events = sessions.Events;
        var pages = events.PageIds;
        var eventIds = events.EventIds;
        var edgeIndex = new Dictionary<long, int>(Text.PairKeyComparer.Instance);
        var edges = new List<(int From, int To, List<EdgeEventCount> Counts)>();
        var seenNode = new bool[events.Pages.Count];
        var nodeOrder = new List<int>(events.Pages.Count);

        for (var s = 0; s < sessions.Count; s++)
        {
            var steps = sessions.Steps(s);
            for (var i = 0; i < steps.Length; i++)
            {
                var page = pages[steps[i]];
                if (!seenNode[page])
                {
                    seenNode[page] = true;
                    nodeOrder.Add(page);
                }
                if (i == 0) continue;
                var from = pages[steps[i - 1]];
                var key = ((long)from << 32) | (uint)page;
                if (!edgeIndex.TryGetValue(key, out var e))
                {
                    e = edges.Count;
                    edgeIndex.Add(key, e);
                    edges.Add((from, page, []));
                }
                Count(edges[e].Counts, eventIds[steps[i]]);
            }
        }

        var result = new JourneyEdge[edges.Count];
        for (var e = 0; e < edges.Count; e++)
        {
            var (from, to, counts) = edges[e];
            // Compat: the original kept the first event seen on an edge and counted only the transitions carrying it.
            var chosen = mode == CompatMode.TeloMesh ? counts[0] : Dominant(counts);
            var weight = mode == CompatMode.TeloMesh ? chosen.Count : counts.Sum(c => c.Count);
            result[e] = new JourneyEdge(from, to, weight, chosen.Event, counts);
        }
        return new JourneyGraph(events.Pages, events.Events, [.. nodeOrder], result);
    }

    private static void Count(List<EdgeEventCount> counts, int eventId)
    {
        for (var k = 0; k < counts.Count; k++)
        {
            if (counts[k].Event != eventId) continue;
            counts[k] = counts[k] with { Count = counts[k].Count + 1 };
            return;
        }
        counts.Add(new EdgeEventCount(eventId, 1));
    }

    /// <summary>The most frequent event; ties go to the first seen (the list is in first-seen order).</summary>
    private static EdgeEventCount Dominant(List<EdgeEventCount> counts)
    {
        var best = counts[0];
        foreach (var c in counts)
            if (c.Count > best.Count) best = c;
        return best;
    }
}
