using System.Numerics;
using System.Runtime.Intrinsics;
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
        return new ConversionModel(stateOfPair, [.. pairOfState], rows, exit, goal, entry, entryGoal / sessions,
            aggregates.Sessions);
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
            c = SparseChain.Of(_rows, transposed: false).Solve(_goal, cancellationToken);
            visits = SparseChain.Of(_rows, transposed: true).Solve(_entry, cancellationToken);
            diagonal = SparseChain.Of(_rows, transposed: false).Diagonal([.. Enumerable.Range(0, n).Where(s => chosen[s])], n, cancellationToken);
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

    /// <summary>
    /// The chain's transient part as compressed sparse rows, solved by Gauss-Seidel sweeps in state order (the order
    /// journeys first reach them, so most probability flows forward within one sweep): for chains too large to factorise.
    /// Each solve stops when a sweep changes no value by more than 1e-14 of the largest value.
    /// </summary>
    private sealed class SparseChain
    {
        private readonly int[] _start, _column;
        private readonly double[] _value, _self;

        private SparseChain(int[] start, int[] column, double[] value, double[] self)
        {
            (_start, _column, _value, _self) = (start, column, value, self);
        }

        /// <summary>Q, or its transpose, without the self-loops (kept apart: each sweep divides by 1 - p(s, s)).</summary>
        public static SparseChain Of(SparseRow[] rows, bool transposed)
        {
            var n = rows.Length;
            var self = new double[n];
            var entries = new List<(int Row, int Column, double Value)>();
            for (var s = 0; s < n; s++)
                for (var k = 0; k < rows[s].Columns.Length; k++)
                {
                    var j = rows[s].Columns[k];
                    if (j == s) self[s] = rows[s].Values[k];
                    else entries.Add(transposed ? (j, s, rows[s].Values[k]) : (s, j, rows[s].Values[k]));
                }
            entries.Sort((a, b) => a.Row != b.Row ? a.Row.CompareTo(b.Row) : a.Column.CompareTo(b.Column));
            var start = new int[n + 1];
            foreach (var e in entries) start[e.Row + 1]++;
            for (var s = 0; s < n; s++) start[s + 1] += start[s];
            return new SparseChain(start, [.. entries.Select(e => e.Column)], [.. entries.Select(e => e.Value)], self);
        }

        /// <summary>x = b + Q x (or Qᵀ x for a transposed chain).</summary>
        public double[] Solve(double[] b, CancellationToken cancellationToken)
        {
            var n = b.Length;
            var x = new double[n];
            for (var sweep = 0; ; sweep++)
            {
                if ((sweep & 15) == 0) cancellationToken.ThrowIfCancellationRequested();
                double change = 0, largest = 0;
                for (var i = 0; i < n; i++)
                {
                    var sum = b[i];
                    for (var k = _start[i]; k < _start[i + 1]; k++) sum += _value[k] * x[_column[k]];
                    var next = sum / (1 - _self[i]);
                    change = Math.Max(change, Math.Abs(next - x[i]));
                    largest = Math.Max(largest, Math.Abs(next));
                    x[i] = next;
                }
                if (change <= 1e-14 * largest || sweep >= MaxSweeps) return x;
            }
        }

        /// <summary>
        /// N(s, s) for each of <paramref name="states"/>: column s of N solves x = e_s + Q x. Eight columns are swept at
        /// once (two 4-wide vectors per state), and blocks of eight run on every core.
        /// </summary>
        public double[] Diagonal(IReadOnlyList<int> states, int n, CancellationToken cancellationToken)
        {
            var diagonal = new double[n];
            var blocks = (states.Count + 7) / 8;
            Parallel.For(0, blocks, new ParallelOptions { CancellationToken = cancellationToken }, block =>
            {
                var lanes = states.Skip(block * 8).Take(8).ToArray();
                var unit = new double[n * 8];
                for (var l = 0; l < lanes.Length; l++) unit[lanes[l] * 8 + l] = 1;
                var x = new double[n * 8];
                for (var sweep = 0; ; sweep++)
                {
                    var change = Vector256<double>.Zero;
                    var largest = Vector256<double>.Zero;
                    for (var i = 0; i < n; i++)
                    {
                        var lo = Vector256.Create(unit.AsSpan(i * 8, 4));
                        var hi = Vector256.Create(unit.AsSpan(i * 8 + 4, 4));
                        for (var k = _start[i]; k < _start[i + 1]; k++)
                        {
                            var q = Vector256.Create(_value[k]);
                            var j = _column[k] * 8;
                            lo += q * Vector256.Create(x.AsSpan(j, 4));
                            hi += q * Vector256.Create(x.AsSpan(j + 4, 4));
                        }
                        var scale = Vector256.Create(1 / (1 - _self[i]));
                        lo *= scale;
                        hi *= scale;
                        var row = x.AsSpan(i * 8, 8);
                        change = Vector256.Max(change, Vector256.Max(Vector256.Abs(lo - Vector256.Create(row[..4])), Vector256.Abs(hi - Vector256.Create(row[4..]))));
                        largest = Vector256.Max(largest, Vector256.Max(lo, hi));
                        lo.CopyTo(row[..4]);
                        hi.CopyTo(row[4..]);
                    }
                    var (worst, top) = (0.0, 0.0);
                    for (var l = 0; l < 4; l++) (worst, top) = (Math.Max(worst, change[l]), Math.Max(top, largest[l]));
                    if (worst <= 1e-14 * top || sweep >= MaxSweeps) break;
                }
                for (var l = 0; l < lanes.Length; l++) diagonal[lanes[l]] = x[lanes[l] * 8 + l];
            });
            return diagonal;
        }

        /// <summary>A bound no journey chain reaches (each sweep takes off a share of what is left); it keeps a pathological chain from running forever.</summary>
        private const int MaxSweeps = 100_000;
    }

    private sealed record SparseRow(int[] Columns, double[] Values);

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
