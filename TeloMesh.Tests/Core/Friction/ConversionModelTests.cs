using TeloMesh.Core.Friction;
using TeloMesh.Core.Journeys;
using TeloMesh.Core.Pipeline;
using TeloMesh.Core.Sessions;
using TeloMesh.Core.Synthetic;

namespace TeloMesh.Tests.Core.Friction;

/// <summary>
/// The projected gain (docs/metrics.md section 8) on a synthetic shop, checked two independent ways: against a direct
/// solve of every changed chain, fitted here from the sessions themselves (not from the product's aggregates), and by
/// simulating sessions from the changed chain.
/// </summary>
public class ConversionModelTests
{
    private const string Goal = "/checkout/confirmation";

    private static readonly Lazy<AnalysisResult> Shop = new(() =>
    {
        using var stream = new MemoryStream();
        new SyntheticEventGenerator(new SyntheticOptions { Users = 150, EventsPerUser = 20, Pages = 20, Seed = 3 }).Write(stream);
        var events = TestFiles.ReadBytes(stream.ToArray()).Events;
        return AnalysisPipeline.Analyze(events, new AnalysisOptions { Goals = new GoalSet([Goal], []) });
    });

    /// <summary>The chain of section 8, fitted from the sessions: counts C(s, x) of every state's successor and the entry counts.</summary>
    private sealed class Chain
    {
        public const string GoalState = "GOAL", ExitState = "EXIT";
        public Dictionary<string, Dictionary<string, double>> Rows { get; } = [];
        public Dictionary<string, double> Entry { get; } = [];
        public int Sessions { get; private set; }

        public static Chain Fit(SessionSet sessions, string goalPage)
        {
            var chain = new Chain();
            var events = sessions.Events;
            for (var s = 0; s < sessions.Count; s++)
            {
                var sequence = new List<string>();
                foreach (var row in sessions.Steps(s))
                {
                    var page = events.Pages[events.PageIds[row]];
                    if (page == goalPage)
                    {
                        sequence.Add(GoalState);
                        break;
                    }
                    sequence.Add(page + "|" + events.Events[events.EventIds[row]]);
                }
                if (sequence[^1] != GoalState) sequence.Add(ExitState);
                chain.Sessions++;
                chain.Entry[sequence[0]] = chain.Entry.GetValueOrDefault(sequence[0]) + 1;
                for (var i = 0; i + 1 < sequence.Count; i++)
                {
                    var row = chain.Rows.TryGetValue(sequence[i], out var r) ? r : chain.Rows[sequence[i]] = [];
                    row[sequence[i + 1]] = row.GetValueOrDefault(sequence[i + 1]) + 1;
                }
            }
            // Counts to probabilities.
            foreach (var row in chain.Rows.Values)
            {
                var total = row.Values.Sum();
                foreach (var key in row.Keys.ToList()) row[key] /= total;
            }
            return chain;
        }

        public double P(string s, string x) => Rows[s].GetValueOrDefault(x);

        /// <summary>π(GOAL) + Σ π(s) c(s), with c from Gaussian elimination (partial pivoting) of (I - Q) c = R_goal.</summary>
        public double ModelConversion(Dictionary<string, Dictionary<string, double>> rows)
        {
            var states = rows.Keys.Order(StringComparer.Ordinal).ToList();
            var index = states.Select((s, i) => (s, i)).ToDictionary(x => x.s, x => x.i);
            var n = states.Count;
            var a = new double[n, n + 1];
            for (var i = 0; i < n; i++)
            {
                a[i, i] = 1;
                foreach (var (x, p) in rows[states[i]])
                {
                    if (x == GoalState) a[i, n] += p;
                    else if (x != ExitState) a[i, index[x]] -= p;
                }
            }
            for (var k = 0; k < n; k++)
            {
                var pivot = Enumerable.Range(k, n - k).MaxBy(i => Math.Abs(a[i, k]));
                for (var j = 0; j <= n; j++) (a[k, j], a[pivot, j]) = (a[pivot, j], a[k, j]);
                for (var i = 0; i < n; i++)
                {
                    if (i == k || a[i, k] == 0) continue;
                    var f = a[i, k] / a[k, k];
                    for (var j = k; j <= n; j++) a[i, j] -= f * a[k, j];
                }
            }
            var model = Entry.GetValueOrDefault(GoalState) / Sessions;
            for (var i = 0; i < n; i++) model += Entry.GetValueOrDefault(states[i]) / Sessions * a[i, n] / a[i, i];
            return model;
        }

        /// <summary>The rows with the row of <paramref name="s"/> changed as section 8 says.</summary>
        public Dictionary<string, Dictionary<string, double>> Changed(string s, double r)
        {
            var rows = Rows.ToDictionary(kv => kv.Key, kv => kv.Value);
            var e = P(s, ExitState);
            rows[s] = Rows[s].ToDictionary(kv => kv.Key, kv => kv.Key == ExitState ? (1 - r) * kv.Value : kv.Value * (1 + r * e / (1 - e)));
            return rows;
        }
    }

    [Fact]
    public void The_model_conversion_equals_the_observed_conversion()
    {
        var goals = Shop.Value.Friction.Goals!;
        Assert.InRange(goals.Converted, 10, goals.Sessions - 10);
        Assert.Equal(goals.ConversionRate, goals.ModelConversionRate, 1e-12);
        var chain = Chain.Fit(Shop.Value.LocalSessions!, Goal);
        Assert.Equal(goals.ConversionRate, chain.ModelConversion(chain.Rows), 1e-12);
    }

    [Fact]
    public void Every_gain_matches_a_direct_solve_of_the_changed_chain_to_1e_9()
    {
        var chain = Chain.Fit(Shop.Value.LocalSessions!, Goal);
        var model = chain.ModelConversion(chain.Rows);
        var checkedPairs = 0;
        foreach (var point in Shop.Value.Friction.Points)
        {
            var state = point.Page + "|" + point.Event;
            var gain = point.Goal!.ProjectedGain / 1000;
            if (!chain.Rows.ContainsKey(state) || chain.P(state, Chain.ExitState) is 0 or 1)
            {
                Assert.Equal(0, gain);
                continue;
            }
            Assert.Equal(chain.ModelConversion(chain.Changed(state, 0.1)) - model, gain, 1e-9);
            Assert.Equal(gain * chain.Sessions, point.Goal.ProjectedConversions, 1e-9);
            checkedPairs++;
        }
        Assert.True(checkedPairs >= 20, $"only {checkedPairs} pairs had exits");
    }

    [Fact]
    public void On_large_chains_the_sparse_solves_give_the_factorised_gains_of_the_pairs_asked_for()
    {
        var model = ConversionModel.Fit(Shop.Value.Aggregates);
        var whole = model.Compute(0.1);
        Assert.Null(whole.ComputedStates);
        foreach (Func<int, bool> wanted in new Func<int, bool>[] { _ => true, p => p % 3 == 0, p => p == 5 })
        {
            var reduced = model.Compute(0.1, wanted, exactStates: 0, denseStates: 0);
            Assert.Equal(whole.ModelConversion, reduced.ModelConversion, 1e-12);
            for (var p = 0; p < whole.Gains.Length; p++)
            {
                // Pairs not asked for are left empty (NaN), not 0, unless no session ends there (or all do): then 0.
                if (wanted(p)) Assert.Equal(whole.Gains[p], reduced.Gains[p], 1e-12);
                else Assert.True(double.IsNaN(reduced.Gains[p]) || (reduced.Gains[p] == 0 && whole.Gains[p] == 0), $"pair {p}: {reduced.Gains[p]}");
            }
            Assert.NotNull(reduced.ComputedStates);
        }
    }

    [Fact]
    public void Up_to_the_limit_every_pair_gets_its_gain_whatever_was_asked_for()
    {
        var model = ConversionModel.Fit(Shop.Value.Aggregates);
        var asked = model.Compute(0.1, p => p == 0);
        Assert.Null(asked.ComputedStates);
        Assert.Equal(model.Compute(0.1).Gains, asked.Gains);
        // Above the dense limit but within the limit for every pair: every gain, from the sparse solves.
        var sparse = model.Compute(0.1, p => p == 0, denseStates: 0);
        Assert.Null(sparse.ComputedStates);
        for (var p = 0; p < sparse.Gains.Length; p++) Assert.Equal(asked.Gains[p], sparse.Gains[p], 1e-12);
    }

    [Fact]
    public void Simulated_sessions_of_the_changed_chain_convert_as_the_gain_says()
    {
        var chain = Chain.Fit(Shop.Value.LocalSessions!, Goal);
        var best = Shop.Value.Friction.Points.Where(p => p.Goal!.HasGain).MaxBy(p => p.Goal!.ProjectedGain)!;
        var expected = Shop.Value.Friction.Goals!.ModelConversionRate + best.Goal!.ProjectedGain / 1000;
        var rows = chain.Changed(best.Page + "|" + best.Event, 0.1);
        var random = new Random(11);
        string Draw(IEnumerable<KeyValuePair<string, double>> shares)
        {
            var u = random.NextDouble();
            string last = "";
            foreach (var (key, share) in shares)
            {
                last = key;
                if ((u -= share) < 0) return key;
            }
            return last;
        }
        var entry = chain.Entry.Select(kv => KeyValuePair.Create(kv.Key, kv.Value / chain.Sessions)).ToList();
        const int sessions = 400_000;
        var converted = 0;
        for (var i = 0; i < sessions; i++)
        {
            var state = Draw(entry);
            while (state is not (Chain.GoalState or Chain.ExitState)) state = Draw(rows[state]);
            if (state == Chain.GoalState) converted++;
        }
        var observed = (double)converted / sessions;
        var sigma = Math.Sqrt(expected * (1 - expected) / sessions);
        Assert.InRange(observed, expected - 4 * sigma, expected + 4 * sigma);
        // And the gain is visible: the unchanged model is more than 4 sigma away.
        Assert.True(best.Goal.ProjectedGain / 1000 > 4 * sigma, $"gain {best.Goal.ProjectedGain} per 1,000 is within the noise ({sigma})");
    }

    /// <summary>
    /// A reduction of 1 (every exit saved) on two hand-solved chains, goal /done. (1) /a /a and /a /done: state a goes to
    /// a, GOAL and EXIT a third each; c(a) = (1/3) / (1 - 1/3) = 1/2, the model conversion 1/2. With P'(a, EXIT) = 0 the
    /// others grow by 1 + (1/3)/(2/3) = 3/2: P'(a, a) = P'(a, GOAL) = 1/2, c'(a) = 1, a gain of 1,000 x 1/2 = 500 per 1,000
    /// and 2 x 1/2 = 1 conversion. (2) /a /a and /b /done: from a nobody converts (c(a) = 0), so sending its exits on
    /// gains 0, an exact 0 and not an empty cell (the shortcut's c'(a) would be 0/0: every other way out of a comes back).
    /// </summary>
    [Fact]
    public void A_reduction_of_one_saves_every_exit_and_a_state_that_never_converts_gains_zero()
    {
        var options = new AnalysisOptions { Goals = new GoalSet(["/done"], []), GainReduction = 1 };
        var loop = AnalysisPipeline.Analyze(SessionCsv.Paths("/a /a", "/a /done"), options).Friction.Points.Single(p => p.Page == "/a");
        Assert.Equal((500.0, 1.0), (Math.Round(loop.Goal!.ProjectedGain, 9), Math.Round(loop.Goal.ProjectedConversions, 9)));

        var lost = AnalysisPipeline.Analyze(SessionCsv.Paths("/a /a", "/b /done"), options).Friction.Points.Single(p => p.Page == "/a");
        Assert.True(lost.Goal!.HasGain);
        Assert.Equal((0.0, 0.0), (lost.Goal.ProjectedGain, lost.Goal.ProjectedConversions));
    }
}
