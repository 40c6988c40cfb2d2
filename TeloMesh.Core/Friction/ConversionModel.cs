using TeloMesh.Core.Journeys;

namespace TeloMesh.Core.Friction;

/// <summary>
/// The journeys as an absorbing Markov chain (docs/metrics.md section 8) and what fixing one state would be worth.
/// <para>
/// States are the (page, event) pairs that occur before a session's conversion; <c>GOAL</c> and <c>EXIT</c> absorb. The
/// chain is fitted from the counts: P(s, x) = C(s, x) / Σ C(s, ·). c(s), the probability of reaching the goal from s,
/// solves (I - Q) c = R_goal; the model conversion π(GOAL) + Σ π(s) c(s) equals the observed conversion rate, since a
/// chain fitted to the sequences conserves their flow.
/// </para>
/// <para>
/// The projected gain of s lowers its exit probability by the reduction r and spreads the difference over its other
/// transitions in proportion. Only the row of s changes, so with α = r·e/(1 - e) (e = P(s, EXIT)), f(s) the probability
/// of coming back to s and A = c(s)(1 - f(s)) the probability of reaching the goal before coming back, the new
/// c'(s) = (1 + α)A / (1 - (1 + α)f(s)), and the model conversion rises by reach(s)·(c'(s) - c(s)), reach(s) the
/// probability of ever visiting s. With N = (I - Q)⁻¹: f(s) = 1 - 1/N(s, s) and reach(s) = (πN)(s) / N(s, s).
/// </para>
/// <para>
/// Up to <see cref="DenseStates"/> states N's diagonal comes from one dense LU factorisation (I - Q is an M-matrix, so
/// no pivoting is needed), in about a second and a half on two cores. Beyond (its cost grows as states³), c and the
/// expected visits are one sparse Gauss-Seidel solve each and N(s, s) one per state, eight at a time, each to a change
/// below 1e-14 of its largest value. Up to <see cref="ExactStates"/> states every pair's gain is computed; beyond, only
/// the wanted ones (the chokepoints and the pairs with the most exits).
/// </para>
/// </summary>
public sealed class ConversionModel
{
    /// <summary>docs/metrics.md section 8: 10 % fewer sessions ending at the pair.</summary>
    public const double DefaultReduction = 0.10;

    /// <summary>Up to this many states the gain of every pair is computed (docs/metrics.md section 8); beyond, only of the pairs asked for.</summary>
    public const int ExactStates = 5_000;

    /// <summary>Up to this many states the chain is factorised whole (states³: 1,800 take about 0.8 s); beyond, sparse solves.</summary>
    public const int DenseStates = 2_000;

    /// <summary>On larger chains: the pairs with the most exits whose gain is computed (besides the chokepoints).</summary>
    public const int TopByExits = 1_000;

    private readonly int[] _stateOfPair;
    private readonly int[] _pairOfState;
    private readonly SparseRow[] _rows;
    private readonly double[] _exit;
    private readonly double[] _goal;
    private readonly double[] _entry;

    private ConversionModel(int[] stateOfPair, int[] pairOfState, SparseRow[] rows, double[] exit, double[] goal, double[] entry,
        double entryGoal)
    {
        _stateOfPair = stateOfPair;
        _pairOfState = pairOfState;
        _rows = rows;
        _exit = exit;
        _goal = goal;
        _entry = entry;
        EntryGoal = entryGoal;
    }

    /// <summary>The number of transient states (pairs before a conversion).</summary>
    public int States => _pairOfState.Length;

    /// <summary>π(GOAL): the share of sessions whose first step is a goal step.</summary>
    public double EntryGoal { get; }

    /// <summary>Fits the chain to <paramref name="aggregates"/> (made with goals).</summary>
    public static ConversionModel Fit(JourneyAggregates aggregates)
    {
        var pairs = aggregates.Pairs;
        var goalPair = aggregates.GoalPairs();
        var outgoing = new Dictionary<int, double>[pairs.Count];
        var total = new double[pairs.Count];
        var toGoal = new double[pairs.Count];
        foreach (var t in aggregates.StateTransitions)
        {
            if (goalPair[t.From]) continue;
            total[t.From] += t.Count;
            if (goalPair[t.To]) toGoal[t.From] += t.Count;
            else (outgoing[t.From] ??= [])[t.To] = t.Count; // one count per (from, to): the aggregates list each once
        }
        for (var p = 0; p < pairs.Count; p++)
            if (!goalPair[p]) total[p] += pairs[p].Exits;

        var stateOfPair = new int[pairs.Count];
        var pairOfState = new List<int>();
        for (var p = 0; p < pairs.Count; p++)
        {
            stateOfPair[p] = -1;
            if (goalPair[p] || total[p] == 0) continue;
            stateOfPair[p] = pairOfState.Count;
            pairOfState.Add(p);
        }
        var n = pairOfState.Count;
        var rows = new SparseRow[n];
        var exit = new double[n];
        var goal = new double[n];
        var entry = new double[n];
        double sessions = aggregates.Sessions;
        var entryGoal = 0.0;
        for (var p = 0; p < pairs.Count; p++)
            if (goalPair[p]) entryGoal += pairs[p].Starts;
        for (var s = 0; s < n; s++)
        {
            var p = pairOfState[s];
            var row = (outgoing[p] ?? []).ToList();
            rows[s] = new SparseRow([.. row.Select(kv => stateOfPair[kv.Key])], [.. row.Select(kv => kv.Value / total[p])]);
            exit[s] = pairs[p].Exits / total[p];
            goal[s] = toGoal[p] / total[p];
            entry[s] = pairs[p].Starts / sessions;
        }
        return new ConversionModel(stateOfPair, [.. pairOfState], rows, exit, goal, entry, entryGoal / sessions);
    }

    /// <summary>
    /// The model conversion and the projected gain of the chosen pairs with reduction <paramref name="reduction"/>.
    /// </summary>
    /// <param name="wanted">Whether a pair's gain is wanted; on chains above <see cref="ExactStates"/> states only these
    /// are computed (null: all, whatever the size). Up to that size every pair's gain is computed anyway.</param>
    /// <param name="exactStates">Up to this many states every pair's gain is computed (<see cref="ExactStates"/>).</param>
    /// <param name="denseStates">Up to this many states the whole chain is factorised (<see cref="DenseStates"/>; tests
    /// lower both to check the sparse solves against the factorisation).</param>
    public ConversionGains Compute(double reduction, Func<int, bool>? wanted = null, CancellationToken cancellationToken = default,
        int exactStates = ExactStates, int denseStates = DenseStates)
    {
        var n = States;
        var exact = n <= exactStates || wanted is null;
        var chosen = new bool[n];
        for (var s = 0; s < n; s++)
            chosen[s] = _exit[s] > 0 && _exit[s] < 1 && (exact || wanted!(_pairOfState[s]));
        double[] c, visits, diagonal;
        if (n <= denseStates)
        {
            // One dense factorisation of the whole chain gives every state's numbers.
            var lu = DenseLu.Factorise(Matrix(), n, cancellationToken);
            c = lu.Solve(_goal);
            visits = lu.SolveTransposed(_entry);
            diagonal = lu.InverseDiagonal(chosen, cancellationToken);
        }
        else
        {
            // Too large to factorise: c and the expected visits are one sparse solve each, N(s, s) one per wanted state.
            var chain = SparseChain.Of(_rows, transposed: false);
            c = chain.Solve(_goal, cancellationToken);
            visits = SparseChain.Of(_rows, transposed: true).Solve(_entry, cancellationToken);
            diagonal = chain.Diagonal([.. Enumerable.Range(0, n).Where(s => chosen[s])], n, cancellationToken);
        }
        var model = EntryGoal;
        for (var s = 0; s < n; s++) model += _entry[s] * c[s];

        var gains = new double[_stateOfPair.Length];
        Array.Fill(gains, double.NaN);
        for (var p = 0; p < gains.Length; p++)
        {
            var s = _stateOfPair[p];
            // Goal pairs, pairs only seen after a conversion and pairs nobody leaves from gain nothing.
            if (s < 0 || _exit[s] == 0 || _exit[s] == 1) gains[p] = 0;
            else if (chosen[s]) gains[p] = Gain(s, reduction, c[s], diagonal[s], visits[s]);
        }
        return new ConversionGains(model, gains, exact ? null : chosen.Count(x => x));
    }

    /// <summary>
    /// The rise in model conversion (a probability per session) when the exits of state <paramref name="s"/> fall by
    /// <paramref name="reduction"/>, by the shortcut of docs/metrics.md section 8.
    /// </summary>
    private double Gain(int s, double reduction, double c, double nss, double visits)
    {
        // From a state that never leads to a goal, sending more sessions on changes nothing: c'(s) = c(s) = 0. (The
        // shortcut would divide 0 by 0 when the reduction is 1 and every other way out of s comes back to it.)
        if (c <= 0) return 0;
        var e = _exit[s];
        var alpha = reduction * e / (1 - e);
        var f = 1 - 1 / nss;
        var reach = visits / nss;
        var a = c * (1 - f);
        var changed = (1 + alpha) * a / (1 - (1 + alpha) * f);
        return reach * (changed - c);
    }

    /// <summary>I - Q, dense and row-major.</summary>
    private double[] Matrix()
    {
        var n = States;
        var a = new double[n * n];
        for (var s = 0; s < n; s++)
        {
            a[s * n + s] = 1;
            var row = _rows[s];
            for (var k = 0; k < row.Columns.Length; k++) a[s * n + row.Columns[k]] -= row.Values[k];
        }
        return a;
    }
}


/// <summary>
/// The model conversion and, per pair, the projected gain as a rise in conversion probability per session (NaN where it
/// was not computed: on chains above <see cref="ConversionModel.ExactStates"/> states, the pairs not asked for).
/// </summary>
/// <param name="ComputedStates">Null when every pair's gain was computed; otherwise how many were.</param>
public sealed record ConversionGains(double ModelConversion, double[] Gains, int? ComputedStates);
