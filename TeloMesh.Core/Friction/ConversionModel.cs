using System.Numerics;
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
/// Up to <see cref="ExactStates"/> states N's diagonal is exact from one LU factorisation (I - Q is an M-matrix, so no
/// pivoting is needed): the gain of every pair. Beyond, each chosen state's return and reach probabilities are solved on
/// the sparse chain by Gauss-Seidel to 1e-14 (<see cref="Compute"/> says which states).
/// </para>
/// </summary>
public sealed class ConversionModel
{
    /// <summary>docs/metrics.md section 8: 10 % fewer sessions ending at the pair.</summary>
    public const double DefaultReduction = 0.10;

    /// <summary>Up to this many states the gain of every pair is computed; beyond, only of the pairs asked for.</summary>
    public const int ExactStates = 5_000;

    /// <summary>On larger chains: the pairs with the most exits whose gain is computed (besides the chokepoints).</summary>
    public const int TopByExits = 1_000;

    private readonly int[] _stateOfPair;
    private readonly int[] _pairOfState;
    private readonly SparseRow[] _rows;
    private readonly double[] _exit;
    private readonly double[] _goal;
    private readonly double[] _entry;

    private ConversionModel(int[] stateOfPair, int[] pairOfState, SparseRow[] rows, double[] exit, double[] goal, double[] entry,
        double entryGoal, int sessions)
    {
        _stateOfPair = stateOfPair;
        _pairOfState = pairOfState;
        _rows = rows;
        _exit = exit;
        _goal = goal;
        _entry = entry;
        EntryGoal = entryGoal;
        Sessions = sessions;
    }

    /// <summary>The number of transient states (pairs before a conversion).</summary>
    public int States => _pairOfState.Length;

    /// <summary>π(GOAL): the share of sessions whose first step is a goal step.</summary>
    public double EntryGoal { get; }

    public int Sessions { get; }

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
            else (outgoing[t.From] ??= [])[t.To] = (outgoing[t.From]?.GetValueOrDefault(t.To) ?? 0) + t.Count;
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
            var row = (outgoing[p] ?? []).OrderBy(kv => stateOfPair[kv.Key]).ToList();
            rows[s] = new SparseRow([.. row.Select(kv => stateOfPair[kv.Key])], [.. row.Select(kv => kv.Value / total[p])]);
            exit[s] = pairs[p].Exits / total[p];
            goal[s] = toGoal[p] / total[p];
            entry[s] = pairs[p].Starts / sessions;
        }
        return new ConversionModel(stateOfPair, [.. pairOfState], rows, exit, goal, entry, sessions == 0 ? 0 : entryGoal / sessions,
            aggregates.Sessions);
    }

    /// <summary>
    /// The model conversion and the projected gain of the chosen pairs with reduction <paramref name="reduction"/>.
    /// </summary>
    /// <param name="wanted">Whether a pair's gain is wanted; on chains above <see cref="ExactStates"/> states only these
    /// are computed (null: all, whatever the size). Up to that size every pair's gain is computed anyway.</param>
    /// <param name="exactStates">Up to this many states the dense exact path is taken (<see cref="ExactStates"/>; tests
    /// lower it to check the sparse path against the dense one).</param>
    public ConversionGains Compute(double reduction, Func<int, bool>? wanted = null, CancellationToken cancellationToken = default,
        int exactStates = ExactStates)
    {
        var n = States;
        var exact = n <= exactStates || wanted is null;
        double[] c, visits;
        double[] diagonal;
        var chosen = new bool[n];
        for (var s = 0; s < n; s++)
            chosen[s] = _exit[s] > 0 && _exit[s] < 1 && (exact || wanted!(_pairOfState[s]));
        if (n <= exactStates)
        {
            var lu = Factorise(cancellationToken);
            c = lu.Solve(_goal);
            visits = lu.SolveTransposed(_entry);
            diagonal = lu.InverseDiagonal(chosen, cancellationToken);
        }
        else
        {
            c = SolveAbsorption(cancellationToken);
            visits = new double[n];
            diagonal = new double[n];
            // reach(s) and f(s) from the probabilities of hitting s (one sparse solve per chosen state).
            var hit = new double[n];
            for (var s = 0; s < n; s++)
            {
                if (!chosen[s]) continue;
                cancellationToken.ThrowIfCancellationRequested();
                HittingProbabilities(s, hit);
                var back = _rows[s].Dot(hit);
                var reach = 0.0;
                for (var i = 0; i < n; i++) reach += _entry[i] * hit[i];
                diagonal[s] = 1 / (1 - back);
                visits[s] = reach * diagonal[s];
            }
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
        var e = _exit[s];
        var alpha = reduction * e / (1 - e);
        var f = 1 - 1 / nss;
        var reach = visits / nss;
        var a = c * (1 - f);
        var changed = (1 + alpha) * a / (1 - (1 + alpha) * f);
        return reach * (changed - c);
    }

    /// <summary>The LU factors of I - Q, dense.</summary>
    private DenseLu Factorise(CancellationToken cancellationToken)
    {
        var n = States;
        var a = new double[n * n];
        for (var s = 0; s < n; s++)
        {
            a[s * n + s] = 1;
            var row = _rows[s];
            for (var k = 0; k < row.Columns.Length; k++) a[s * n + row.Columns[k]] -= row.Values[k];
        }
        return DenseLu.Factorise(a, n, cancellationToken);
    }

    /// <summary>c = Q c + R_goal by Gauss-Seidel on the sparse chain, to a change below 1e-15.</summary>
    private double[] SolveAbsorption(CancellationToken cancellationToken)
    {
        var c = new double[States];
        Iterate(c, s => _goal[s], -1, cancellationToken);
        return c;
    }

    /// <summary>h(i) = the probability of ever reaching <paramref name="target"/> from i (h(target) = 1).</summary>
    private void HittingProbabilities(int target, double[] h)
    {
        Array.Clear(h);
        h[target] = 1;
        Iterate(h, _ => 0, target, CancellationToken.None);
    }

    private void Iterate(double[] x, Func<int, double> constant, int fixedState, CancellationToken cancellationToken)
    {
        const int maxSweeps = 100_000;
        for (var sweep = 0; sweep < maxSweeps; sweep++)
        {
            if ((sweep & 63) == 0) cancellationToken.ThrowIfCancellationRequested();
            var change = 0.0;
            for (var s = 0; s < x.Length; s++)
            {
                if (s == fixedState) continue;
                var row = _rows[s];
                var sum = constant(s);
                var self = 0.0;
                for (var k = 0; k < row.Columns.Length; k++)
                {
                    if (row.Columns[k] == s) self = row.Values[k];
                    else sum += row.Values[k] * x[row.Columns[k]];
                }
                var next = sum / (1 - self);
                change = Math.Max(change, Math.Abs(next - x[s]));
                x[s] = next;
            }
            if (change < 1e-15) return;
        }
    }

    private sealed record SparseRow(int[] Columns, double[] Values)
    {
        public double Dot(double[] x)
        {
            var sum = 0.0;
            for (var k = 0; k < Columns.Length; k++) sum += Values[k] * x[Columns[k]];
            return sum;
        }
    }

    /// <summary>
    /// A dense LU factorisation without pivoting, row-major, L unit lower (stored below the diagonal) and U upper. Safe
    /// for I - Q: a nonsingular M-matrix stays one through elimination, so every pivot is positive.
    /// </summary>
    private sealed class DenseLu
    {
        private readonly double[] _a;
        private readonly int _n;

        private DenseLu(double[] a, int n)
        {
            _a = a;
            _n = n;
        }

        public static DenseLu Factorise(double[] a, int n, CancellationToken cancellationToken)
        {
            for (var k = 0; k < n; k++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var pivot = a[k * n + k];
                var rowK = k;
                Parallel.For(k + 1, n, new ParallelOptions { MaxDegreeOfParallelism = n - k > 256 ? -1 : 1 }, i =>
                {
                    var factor = a[i * n + rowK] / pivot;
                    a[i * n + rowK] = factor;
                    if (factor != 0) Axpy(-factor, a.AsSpan(rowK * n + rowK + 1, n - rowK - 1), a.AsSpan(i * n + rowK + 1, n - rowK - 1));
                });
            }
            return new DenseLu(a, n);
        }

        /// <summary>x with (I - Q) x = b.</summary>
        public double[] Solve(double[] b)
        {
            var n = _n;
            var x = (double[])b.Clone();
            for (var i = 0; i < n; i++) x[i] -= Dot(_a.AsSpan(i * n, i), x.AsSpan(0, i));
            for (var i = n - 1; i >= 0; i--)
                x[i] = (x[i] - Dot(_a.AsSpan(i * n + i + 1, n - i - 1), x.AsSpan(i + 1, n - i - 1))) / _a[i * n + i];
            return x;
        }

        /// <summary>v with vᵀ(I - Q) = bᵀ: vᵀ = bᵀU⁻¹L⁻¹.</summary>
        public double[] SolveTransposed(double[] b)
        {
            var n = _n;
            var w = (double[])b.Clone();
            // wᵀU = bᵀ: row by row, each solved entry taken off the entries to its right.
            for (var k = 0; k < n; k++)
            {
                w[k] /= _a[k * n + k];
                Axpy(-w[k], _a.AsSpan(k * n + k + 1, n - k - 1), w.AsSpan(k + 1, n - k - 1));
            }
            // vᵀL = wᵀ, from the last entry back.
            for (var k = n - 1; k >= 0; k--) Axpy(-w[k], _a.AsSpan(k * n, k), w.AsSpan(0, k));
            return w;
        }

        /// <summary>
        /// N(s, s) = (U⁻¹L⁻¹)(s, s) for the chosen s: row s of U⁻¹ and column s of L⁻¹ are zero before s, so each costs
        /// (n - s)² / 2 and the states are independent (run in parallel).
        /// </summary>
        public double[] InverseDiagonal(bool[] chosen, CancellationToken cancellationToken)
        {
            var n = _n;
            var a = _a;
            var diagonal = new double[n];
            Parallel.For(0, n, new ParallelOptions { CancellationToken = cancellationToken },
                () => (X: new double[n], Y: new double[n]),
                (s, _, buffers) =>
                {
                    if (!chosen[s]) return buffers;
                    var (x, y) = buffers;
                    // y = L⁻¹e_s: y_s = 1, y_j = -Σ_{s ≤ k < j} L(j, k) y_k.
                    y[s] = 1;
                    for (var j = s + 1; j < n; j++) y[j] = -Dot(a.AsSpan(j * n + s, j - s), y.AsSpan(s, j - s));
                    // xᵀ = e_sᵀU⁻¹: solved left to right, each entry's row of U taken off the entries to its right.
                    Array.Clear(x, s, n - s);
                    var sum = 0.0;
                    for (var k = s; k < n; k++)
                    {
                        var value = ((k == s ? 1 : 0) - x[k]) / a[k * n + k];
                        x[k] = value;
                        sum += value * y[k];
                        if (value != 0 && k + 1 < n) Axpy(value, a.AsSpan(k * n + k + 1, n - k - 1), x.AsSpan(k + 1, n - k - 1));
                    }
                    diagonal[s] = sum;
                    return buffers;
                },
                _ => { });
            return diagonal;
        }
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var sum = Vector<double>.Zero;
        var i = 0;
        for (; i <= a.Length - Vector<double>.Count; i += Vector<double>.Count)
            sum += new Vector<double>(a[i..]) * new Vector<double>(b[i..]);
        var total = Vector.Sum(sum);
        for (; i < a.Length; i++) total += a[i] * b[i];
        return total;
    }

    /// <summary>y += factor · x.</summary>
    private static void Axpy(double factor, ReadOnlySpan<double> x, Span<double> y)
    {
        var f = new Vector<double>(factor);
        var i = 0;
        for (; i <= x.Length - Vector<double>.Count; i += Vector<double>.Count)
            (new Vector<double>(y[i..]) + f * new Vector<double>(x[i..])).CopyTo(y[i..]);
        for (; i < x.Length; i++) y[i] += factor * x[i];
    }
}

/// <summary>
/// The model conversion and, per pair, the projected gain as a rise in conversion probability per session (NaN where it
/// was not computed: on chains above <see cref="ConversionModel.ExactStates"/> states, the pairs not asked for).
/// </summary>
/// <param name="ComputedStates">Null when every pair's gain was computed; otherwise how many were.</param>
public sealed record ConversionGains(double ModelConversion, double[] Gains, int? ComputedStates);
