namespace Synth.Core.Privacy.Evaluation;

/// <summary>
/// Train-on-synthetic, test-on-real: the same classifier is trained once on the real training
/// rows and once on the synthetic rows, and both predict the target of the real holdout rows,
/// which neither saw. Synthetic data is useful for the task when its score approaches the real one.
/// </summary>
internal static class MachineLearningUtility
{
    /// <summary>At most this many training rows per classifier (a seeded subset beyond): the score barely moves past it.</summary>
    private const int MaxTrainingRows = 50_000;

    public static UtilityReport Measure(EncodedTable train, EncodedTable holdout, EncodedTable synthetic, int target, ulong seed, int maxDegreeOfParallelism = -1)
    {
        // The two classifiers are independent (each its own rows, seed and weights), so they train
        // side by side; stochastic gradient descent itself is sequential.
        var sources = new[] { train, synthetic };
        var scores = new ClassifierScore[2];
        Parallel.For(0, 2, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, i =>
        {
            var rows = SeededRows.Subset(sources[i].Rows, MaxTrainingRows, seed + (ulong)i);
            scores[i] = Score(OneHotLogisticRegression.Train(sources[i], target, rows, seed), holdout, target);
        });
        var (real, fake) = (scores[0], scores[1]);
        var majority = Majority(train.Columns[target], train.Domain.Sizes[target]);
        var majorityAccuracy = holdout.Columns[target].Count(c => c == majority) / (double)holdout.Rows;
        return new UtilityReport(
            train.Domain.Names[target],
            Math.Min(train.Rows, MaxTrainingRows),
            Math.Min(synthetic.Rows, MaxTrainingRows),
            holdout.Rows,
            majorityAccuracy,
            real,
            fake,
            real.Accuracy > 0 ? fake.Accuracy / real.Accuracy : null,
            real.MacroF1 > 0 ? fake.MacroF1 / real.MacroF1 : null);
    }

    private static ClassifierScore Score(OneHotLogisticRegression classifier, EncodedTable holdout, int target)
    {
        var classes = classifier.Classes;
        var active = new int[classifier.ActiveCount];
        var probabilities = new double[classes];
        var truePositives = new long[classes];
        var predicted = new long[classes];
        var actual = new long[classes];
        var labels = holdout.Columns[target];
        long correct = 0;
        for (var row = 0; row < holdout.Rows; row++)
        {
            var guess = classifier.Predict(holdout, row, active, probabilities);
            predicted[guess]++;
            actual[labels[row]]++;
            if (guess == labels[row])
            {
                truePositives[guess]++;
                correct++;
            }
        }
        // Macro-F1 over the classes that occur in the holdout or in the predictions (as scikit-learn's).
        double f1Sum = 0;
        var present = 0;
        for (var k = 0; k < classes; k++)
        {
            if (actual[k] == 0 && predicted[k] == 0) continue;
            present++;
            f1Sum += 2.0 * truePositives[k] / (actual[k] + predicted[k]);
        }
        return new ClassifierScore(correct / (double)holdout.Rows, present > 0 ? f1Sum / present : 0);
    }

    private static int Majority(int[] labels, int classes)
    {
        var counts = new long[classes];
        foreach (var label in labels) counts[label]++;
        var best = 0;
        for (var k = 1; k < classes; k++)
        {
            if (counts[k] > counts[best]) best = k;
        }
        return best;
    }
}
