import { useMemo } from "react";
import type { ColumnProfile, DatasetProfile } from "../../api/types";
import { Chart, type ChartOption } from "../../components/Chart";
import { binLabels } from "../../lib/codeLabels";
import { formatCount } from "../../lib/format";

/** The profile as a table: each column's kind, missing values, distinct values, range, and a small histogram. */
export function ProfileTable({ profile }: { profile: DatasetProfile }) {
  return (
    <div className="table-wrap">
      <table className="profile">
        <thead><tr><th scope="col">Column</th><th scope="col">Kind</th><th scope="col">Missing</th><th scope="col">Distinct</th><th scope="col">Range</th><th scope="col">Distribution</th></tr></thead>
        <tbody>
          {profile.columns.map((c) => (
            <tr key={c.name}>
              <th scope="row">{c.name}</th>
              <td>{c.kind}</td>
              <td className="num">{formatCount(c.missing)}</td>
              <td className="num">{formatCount(c.distinct)}</td>
              <td>{c.min !== null ? `${c.min} … ${c.max}` : "–"}</td>
              <td className="spark-cell"><ColumnHistogram column={c} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function histogramBars(column: ColumnProfile, counts: number[]): { label: string; count: number }[] {
  const labels = binLabels(column.min, column.max, counts.length, column.kind === "Datetime");
  return counts.map((count, i) => ({ label: labels[i], count }));
}

/** Bars of the column's histogram (numbers and dates: its bins) or of its most frequent values. */
function ColumnHistogram({ column }: { column: ColumnProfile }) {
  const bars = useMemo(() => {
    if (column.histogram?.length) return histogramBars(column, column.histogram);
    return column.topValues.slice(0, 12).map((v) => ({ label: v.value, count: v.count }));
  }, [column]);
  const option = useMemo<ChartOption>(
    () => ({
      animation: false,
      grid: { left: 2, right: 2, top: 2, bottom: 2 },
      tooltip: { trigger: "axis", confine: true },
      xAxis: { type: "category", show: false, data: bars.map((b) => b.label) },
      yAxis: { type: "value", show: false },
      series: [{ type: "bar", data: bars.map((b) => b.count), barCategoryGap: "10%" }],
    }),
    [bars],
  );
  if (bars.length === 0) return <span className="muted">–</span>;
  return <Chart option={option} height={40} className="spark" label={`Histogram of ${column.name}: ${bars.map((b) => `${b.label} ${b.count}`).join(", ")}`} data={{ bars: bars.length }} />;
}
