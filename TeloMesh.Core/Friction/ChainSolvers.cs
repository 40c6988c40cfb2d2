using System.Numerics;
using System.Runtime.Intrinsics;

namespace TeloMesh.Core.Friction;

// The linear algebra behind ConversionModel (docs/metrics.md section 8): a dense LU for chains up to
// ConversionModel.DenseStates states, Gauss-Seidel on sparse rows beyond.

/// <summary>
/// The chain's transient part as compressed sparse rows, solved by Gauss-Seidel sweeps in state order (the order
/// journeys first reach them, so most probability flows forward within one sweep): for chains too large to factorise.
/// Each solve stops when a sweep changes no value by more than 1e-14 of the largest value.
/// </summary>
internal sealed class SparseChain
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

/// <summary>One row of the chain's Q: the states it moves to and with what probability.</summary>
internal sealed record SparseRow(int[] Columns, double[] Values);

/// <summary>
/// A dense LU factorisation without pivoting, row-major, L unit lower (stored below the diagonal) and U upper. Safe
/// for I - Q: a nonsingular M-matrix stays one through elimination, so every pivot is positive.
/// </summary>
internal sealed class DenseLu
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
                if (factor != 0) VectorMath.Axpy(-factor, a.AsSpan(rowK * n + rowK + 1, n - rowK - 1), a.AsSpan(i * n + rowK + 1, n - rowK - 1));
            });
        }
        return new DenseLu(a, n);
    }

    /// <summary>x with (I - Q) x = b.</summary>
    public double[] Solve(double[] b)
    {
        var n = _n;
        var x = (double[])b.Clone();
        for (var i = 0; i < n; i++) x[i] -= VectorMath.Dot(_a.AsSpan(i * n, i), x.AsSpan(0, i));
        for (var i = n - 1; i >= 0; i--)
            x[i] = (x[i] - VectorMath.Dot(_a.AsSpan(i * n + i + 1, n - i - 1), x.AsSpan(i + 1, n - i - 1))) / _a[i * n + i];
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
            VectorMath.Axpy(-w[k], _a.AsSpan(k * n + k + 1, n - k - 1), w.AsSpan(k + 1, n - k - 1));
        }
        // vᵀL = wᵀ, from the last entry back.
        for (var k = n - 1; k >= 0; k--) VectorMath.Axpy(-w[k], _a.AsSpan(k * n, k), w.AsSpan(0, k));
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
                for (var j = s + 1; j < n; j++) y[j] = -VectorMath.Dot(a.AsSpan(j * n + s, j - s), y.AsSpan(s, j - s));
                // xᵀ = e_sᵀU⁻¹: solved left to right, each entry's row of U taken off the entries to its right.
                Array.Clear(x, s, n - s);
                var sum = 0.0;
                for (var k = s; k < n; k++)
                {
                    var value = ((k == s ? 1 : 0) - x[k]) / a[k * n + k];
                    x[k] = value;
                    sum += value * y[k];
                    if (value != 0 && k + 1 < n) VectorMath.Axpy(value, a.AsSpan(k * n + k + 1, n - k - 1), x.AsSpan(k + 1, n - k - 1));
                }
                diagonal[s] = sum;
                return buffers;
            },
            _ => { });
        return diagonal;
    }
}

/// <summary>The two vector kernels of the dense solve, 4 doubles at a time where the hardware has them.</summary>
internal static class VectorMath
{
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
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
    public static void Axpy(double factor, ReadOnlySpan<double> x, Span<double> y)
    {
        var f = new Vector<double>(factor);
        var i = 0;
        for (; i <= x.Length - Vector<double>.Count; i += Vector<double>.Count)
            (new Vector<double>(y[i..]) + f * new Vector<double>(x[i..])).CopyTo(y[i..]);
        for (; i < x.Length; i++) y[i] += factor * x[i];
    }
}
