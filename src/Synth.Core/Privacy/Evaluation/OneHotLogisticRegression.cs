using Synth.Core.Generation.Random;

namespace Synth.Core.Privacy.Evaluation;

/// <summary>
/// The utility classifier: multinomial logistic regression on the one-hot codes of every
/// attribute but the target, trained by AdaGrad (per-weight steps suit sparse one-hot features:
/// a rare category's weight still learns) over a seeded shuffle, a fixed number of epochs and a
/// small L2 penalty. Deterministic for a seed; no library, so the evaluation runs wherever Synth does.
/// </summary>
internal sealed class OneHotLogisticRegression
{
    private const double LearningRate = 0.2;
    private const double L2 = 1e-5;
    private const int Epochs = 8;

    private readonly int[] _features;
    private readonly int[] _offsets;
    private readonly int _classes;
    private readonly double[] _weights;

    private OneHotLogisticRegression(int[] features, int[] offsets, int classes, int width)
    {
        (_features, _offsets, _classes) = (features, offsets, classes);
        // One row of weights per one-hot feature, plus a last row for the bias.
        _weights = new double[(width + 1) * classes];
    }

    /// <summary>Fits on <paramref name="rows"/> of <paramref name="table"/> (all rows when null) to predict attribute <paramref name="target"/>.</summary>
    public static OneHotLogisticRegression Train(EncodedTable table, int target, int[]? rows, ulong seed)
    {
        var sizes = table.Domain.Sizes;
        var features = Enumerable.Range(0, sizes.Count).Where(a => a != target).ToArray();
        var offsets = new int[features.Length];
        var width = 0;
        for (var f = 0; f < features.Length; f++)
        {
            offsets[f] = width;
            width += sizes[features[f]];
        }
        var model = new OneHotLogisticRegression(features, offsets, sizes[target], width);
        var order = rows ?? [.. Enumerable.Range(0, table.Rows)];
        var squares = new double[model._weights.Length];
        var probabilities = new double[model._classes];
        var active = new int[features.Length + 1];
        var labels = table.Columns[target];
        for (var epoch = 0; epoch < Epochs; epoch++)
        {
            Shuffle(order, CounterRng.Key(seed, "epoch") + (ulong)epoch);
            foreach (var row in order)
            {
                model.ActiveRows(table, row, active);
                model.Probabilities(active, probabilities);
                var label = labels[row];
                for (var k = 0; k < model._classes; k++)
                {
                    var gradient = probabilities[k] - (k == label ? 1 : 0);
                    foreach (var feature in active)
                    {
                        var i = feature * model._classes + k;
                        var g = gradient + L2 * model._weights[i];
                        squares[i] += g * g;
                        model._weights[i] -= LearningRate * g / (Math.Sqrt(squares[i]) + 1e-8);
                    }
                }
            }
        }
        return model;
    }

    /// <summary>The most probable class of <paramref name="row"/> of <paramref name="table"/> (same domain as the training table).</summary>
    public int Predict(EncodedTable table, int row, Span<int> active, Span<double> probabilities)
    {
        ActiveRows(table, row, active);
        Probabilities(active, probabilities);
        var best = 0;
        for (var k = 1; k < _classes; k++)
        {
            if (probabilities[k] > probabilities[best]) best = k;
        }
        return best;
    }

    public int ActiveCount => _features.Length + 1;

    public int Classes => _classes;

    /// <summary>The weight rows a row touches: one per feature attribute (its code's), and the bias row.</summary>
    private void ActiveRows(EncodedTable table, int row, Span<int> active)
    {
        for (var f = 0; f < _features.Length; f++) active[f] = _offsets[f] + table.Columns[_features[f]][row];
        active[_features.Length] = _weights.Length / _classes - 1;
    }

    private void Probabilities(ReadOnlySpan<int> active, Span<double> probabilities)
    {
        var max = double.NegativeInfinity;
        for (var k = 0; k < _classes; k++)
        {
            var z = 0.0;
            foreach (var feature in active) z += _weights[feature * _classes + k];
            probabilities[k] = z;
            max = Math.Max(max, z);
        }
        var sum = 0.0;
        for (var k = 0; k < _classes; k++)
        {
            probabilities[k] = Math.Exp(probabilities[k] - max);
            sum += probabilities[k];
        }
        for (var k = 0; k < _classes; k++) probabilities[k] /= sum;
    }

    private static void Shuffle(int[] order, ulong key)
    {
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = CounterRng.Below(CounterRng.At(key, i), i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }
}
