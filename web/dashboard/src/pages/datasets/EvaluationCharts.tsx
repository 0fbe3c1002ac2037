import { useMemo } from "react";
import type { DomainSpec, EvaluationReport } from "../../api/types";
import { Chart, type ChartOption } from "../../components/Chart";
import { codeLabels } from "../../lib/codeLabels";

const pct = (v: number | null | undefined) => (v === null || v === undefined ? "–" : `${(v * 100).toFixed(1)} %`);

/**
 * The evaluation report (GET /models/{id}/evaluation) drawn: marginal distances, the pairs the
 * synthetic data gets most wrong as a heat map of their total-variation distance, utility against
 * the majority-class baseline, and the closest-record distances behind the privacy risk.
 */
export function EvaluationCharts({ report, domain }: { report: EvaluationReport; domain?: DomainSpec }) {
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

  // Every pair when the report has them all (a full matrix), else the worst ones.
  const heatPairs = report.pairs?.length ? report.pairs : report.worstPairs;
  const heat = useMemo<ChartOption>(() => {
    const names = [...new Set(heatPairs.flatMap((p) => [p.a, p.b]))];
    const data = heatPairs.flatMap((p) => [
      [names.indexOf(p.a), names.indexOf(p.b), +p.distance.toFixed(4)],
      [names.indexOf(p.b), names.indexOf(p.a), +p.distance.toFixed(4)],
    ]);
    return {
      animation: false,
      grid: { left: 110, right: 16, top: 10, bottom: 80 },
      tooltip: { formatter: (x: { value: number[] }) => `${names[x.value[0]]} × ${names[x.value[1]]}: TV ${x.value[2]}` },
      xAxis: { type: "category", data: names, axisLabel: { rotate: 40 } },
      yAxis: { type: "category", data: names },
      visualMap: { min: 0, max: Math.max(0.05, ...heatPairs.map((p) => p.distance)), calculable: true, orient: "horizontal", left: "center", bottom: 0, itemHeight: 120 },
      series: [{ type: "heatmap", data, label: { show: names.length <= 12, fontSize: 10 } }],
    };
  }, [heatPairs]);

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
        <figcaption>Pairwise TV distance{report.pairs?.length ? "" : " of the worst pairs"}</figcaption>
        {heatPairs.length > 0 ? (
          <Chart option={heat} height={300} label={`Heat map of pairwise TV; worst: ${report.worstPairs.map((p) => `${p.a} × ${p.b} ${p.distance.toFixed(3)}`).join(", ")}`} data={{ pairs: heatPairs.length }} />
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
      {report.columns && report.columns.length > 0 && (
        <figure className="wide">
          <figcaption>Each column, real vs synthetic (share of rows)</figcaption>
          <div className="column-marginals">
            {report.columns.map((c) => (
              <ColumnMarginalChart key={c.name} column={c} labels={codeLabels(domain?.columns.find((d) => d.name === c.name), c.real.length)} />
            ))}
          </div>
        </figure>
      )}
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

/** One column's marginal: the real and the synthetic share of each code, side by side. */
function ColumnMarginalChart({ column, labels }: { column: { name: string; real: number[]; synthetic: number[]; distance: number }; labels: string[] }) {
  const option = useMemo<ChartOption>(
    () => ({
      animation: false,
      title: { text: `${column.name} · TV ${column.distance.toFixed(3)}`, textStyle: { fontSize: 12 }, left: 0, top: 0 },
      grid: { left: 40, right: 8, top: 42, bottom: 40 },
      tooltip: { trigger: "axis", confine: true },
      legend: { top: 18, itemHeight: 8, textStyle: { fontSize: 11 } },
      xAxis: { type: "category", data: labels, axisLabel: { fontSize: 10, rotate: labels.length > 6 ? 40 : 0 } },
      yAxis: { type: "value", axisLabel: { fontSize: 10, formatter: (v: number) => `${Math.round(v * 100)}%` } },
      series: [
        { type: "bar", name: "real", data: column.real },
        { type: "bar", name: "synthetic", data: column.synthetic },
      ],
    }),
    [column, labels],
  );
  return <Chart option={option} height={200} className="column-marginal" label={`${column.name}: real vs synthetic share per value, TV ${column.distance.toFixed(3)}`} />;
}
