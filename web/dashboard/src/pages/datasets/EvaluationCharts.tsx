import { useMemo } from "react";
import type { EvaluationReport } from "../../api/types";
import { Chart, type ChartOption } from "../../components/Chart";

const pct = (v: number | null | undefined) => (v === null || v === undefined ? "–" : `${(v * 100).toFixed(1)} %`);

/**
 * The evaluation report (GET /models/{id}/evaluation) drawn: marginal distances, the pairs the
 * synthetic data gets most wrong as a heat map of their total-variation distance, utility against
 * the majority-class baseline, and the closest-record distances behind the privacy risk.
 */
export function EvaluationCharts({ report }: { report: EvaluationReport }) {
  const marginals = useMemo<ChartOption>(() => {
    const m = report.marginals;
    return {
      animation: false,
      grid: { left: 50, right: 16, top: 24, bottom: 30 },
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      xAxis: { type: "category", data: ["1-way", "2-way"] },
      yAxis: { type: "value", name: "TV", max: (v: { max: number }) => Math.max(0.1, Math.ceil(v.max * 10) / 10) },
      series: [
        { type: "bar", name: "mean", data: [m.meanOneWay, m.meanTwoWay] },
        { type: "bar", name: "max", data: [m.maxOneWay, m.maxTwoWay] },
      ],
    };
  }, [report]);

  const heat = useMemo<ChartOption>(() => {
    const names = [...new Set(report.worstPairs.flatMap((p) => [p.a, p.b]))];
    const data = report.worstPairs.flatMap((p) => [
      [names.indexOf(p.a), names.indexOf(p.b), +p.distance.toFixed(4)],
      [names.indexOf(p.b), names.indexOf(p.a), +p.distance.toFixed(4)],
    ]);
    return {
      animation: false,
      grid: { left: 110, right: 16, top: 10, bottom: 80 },
      tooltip: { formatter: (x: { value: number[] }) => `${names[x.value[0]]} × ${names[x.value[1]]}: TV ${x.value[2]}` },
      xAxis: { type: "category", data: names, axisLabel: { rotate: 40 } },
      yAxis: { type: "category", data: names },
      visualMap: { min: 0, max: Math.max(0.05, ...report.worstPairs.map((p) => p.distance)), calculable: true, orient: "horizontal", left: "center", bottom: 0, itemHeight: 120 },
      series: [{ type: "heatmap", data, label: { show: true, fontSize: 10 } }],
    };
  }, [report]);

  const utility = useMemo<ChartOption | null>(() => {
    const u = report.utility;
    if (!u) return null;
    return {
      animation: false,
      grid: { left: 50, right: 16, top: 24, bottom: 30 },
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      xAxis: { type: "category", data: ["accuracy", "macro F1"] },
      yAxis: { type: "value", min: 0, max: 1 },
      series: [
        { type: "bar", name: "trained on real", data: [u.real.accuracy, u.real.macroF1] },
        { type: "bar", name: "trained on synthetic", data: [u.synthetic.accuracy, u.synthetic.macroF1] },
        { type: "bar", name: "majority baseline", data: [u.majorityAccuracy, null] },
      ],
    };
  }, [report]);

  const risk = useMemo<ChartOption>(() => {
    const r = report.privacyRisk;
    return {
      animation: false,
      grid: { left: 50, right: 16, top: 24, bottom: 30 },
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      xAxis: { type: "category", data: ["median distance (attributes)", "exact-match rate ×10"] },
      yAxis: { type: "value" },
      series: [
        { type: "bar", name: "to training rows", data: [r.medianDistanceToTrain, r.exactMatchRate * 10] },
        { type: "bar", name: "to holdout rows", data: [r.medianDistanceToHoldout, r.holdoutExactMatchRate === null ? null : r.holdoutExactMatchRate * 10] },
      ],
    };
  }, [report]);

  const r = report.privacyRisk;
  return (
    <div className="evaluation-grid" id="evaluation-charts">
      <figure>
        <figcaption>Marginal distance, real vs synthetic ({report.marginals.oneWayCount} columns, {report.marginals.twoWayCount} pairs)</figcaption>
        <Chart option={marginals} label={`Total-variation distance: 1-way mean ${report.marginals.meanOneWay.toFixed(3)}, max ${report.marginals.maxOneWay.toFixed(3)}; 2-way mean ${report.marginals.meanTwoWay.toFixed(3)}, max ${report.marginals.maxTwoWay.toFixed(3)}`} />
      </figure>
      <figure>
        <figcaption>Pairwise TV of the worst pairs</figcaption>
        {report.worstPairs.length > 0 ? (
          <Chart option={heat} height={260} label={`Heat map of pairwise TV: ${report.worstPairs.map((p) => `${p.a} × ${p.b} ${p.distance.toFixed(3)}`).join(", ")}`} />
        ) : (
          <p className="muted">One column: no pairs.</p>
        )}
      </figure>
      <figure>
        <figcaption>Utility: a classifier of {report.utility?.target ?? "the target"} trained on real vs synthetic rows, tested on the holdout</figcaption>
        {utility ? (
          <Chart option={utility} label={`Accuracy: real ${report.utility!.real.accuracy.toFixed(3)}, synthetic ${report.utility!.synthetic.accuracy.toFixed(3)}, majority baseline ${report.utility!.majorityAccuracy.toFixed(3)}`} />
        ) : (
          <p className="muted">No holdout: no utility measured.</p>
        )}
      </figure>
      <figure>
        <figcaption>Closest-record distances ({r.syntheticRowsCompared} synthetic rows)</figcaption>
        <Chart option={risk} label={`Median distance to the closest training row ${r.medianDistanceToTrain}, to the closest holdout row ${r.medianDistanceToHoldout ?? "–"}; exact matches ${pct(r.exactMatchRate)}`} />
        <p className="small">
          Closer to training {pct(r.shareCloserToTrain)} · closer to holdout {pct(r.shareCloserToHoldout)} · tied {pct(r.shareTied)} · exact copies {pct(r.exactMatchRate)} (holdout repeats itself {pct(r.holdoutExactMatchRate)})
        </p>
      </figure>
      {report.associations.worstPairs.length > 0 && (
        <figure className="wide">
          <figcaption>Associations kept worst</figcaption>
          <table>
            <thead><tr><th scope="col">Pair</th><th scope="col">Measure</th><th scope="col">Real</th><th scope="col">Synthetic</th></tr></thead>
            <tbody>
              {report.associations.worstPairs.map((p, i) => (
                <tr key={i}><td>{p.a} × {p.b}</td><td>{p.measure}</td><td className="num">{p.real.toFixed(3)}</td><td className="num">{p.synthetic.toFixed(3)}</td></tr>
              ))}
            </tbody>
          </table>
        </figure>
      )}
    </div>
  );
}
