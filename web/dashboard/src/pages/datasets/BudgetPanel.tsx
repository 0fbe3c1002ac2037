import { useMemo } from "react";
import type { DatasetBudget } from "../../api/types";
import { Chart, type ChartOption } from "../../components/Chart";
import { ProblemView } from "../../components/ProblemView";
import { formatTime } from "../../lib/format";

/** The privacy budget: a gauge of ε spent out of the total, what remains, and the ledger of every spend and refund. */
export function BudgetPanel({ budget, error }: { budget: DatasetBudget | undefined; error: unknown }) {
  const option = useMemo<ChartOption>(
    () => ({
      animation: false,
      series: [
        {
          type: "gauge",
          min: 0,
          max: budget?.epsilon ?? 1,
          progress: { show: true, width: 14 },
          axisLine: { lineStyle: { width: 14 } },
          pointer: { show: false },
          axisTick: { show: false },
          splitLine: { show: false },
          axisLabel: { show: false },
          detail: { valueAnimation: false, formatter: (v: number) => `ε ${v.toFixed(3)}`, fontSize: 18, offsetCenter: [0, "10%"] },
          title: { offsetCenter: [0, "45%"] },
          data: [{ value: budget?.spentEpsilon ?? 0, name: `spent of ε ${budget?.epsilon ?? "…"}` }],
        },
      ],
    }),
    [budget],
  );
  return (
    <section className="card" aria-labelledby="budget-title">
      <h2 id="budget-title">Privacy budget</h2>
      <ProblemView error={error} />
      {budget && (
        <>
          <Chart
            option={option}
            height={200}
            label={`Privacy budget: ε ${budget.spentEpsilon.toFixed(3)} spent of ${budget.epsilon}, ${budget.remainingEpsilon.toFixed(3)} remaining`}
            data={{ "spent-epsilon": budget.spentEpsilon, "spent-rho": budget.spentRho, total: budget.epsilon }}
            className="budget-gauge"
          />
          <p>
            Spent <strong id="budget-spent">ε {budget.spentEpsilon.toFixed(3)}</strong> (ρ {budget.spentRho.toPrecision(4)}) of ε {budget.epsilon} at δ {budget.delta};
            remaining <strong>ε {budget.remainingEpsilon.toFixed(3)}</strong>.
          </p>
          <div className="table-wrap">
            <table aria-label="Budget ledger">
              <thead><tr><th scope="col">When</th><th scope="col">Kind</th><th scope="col">Mechanism</th><th scope="col">ε</th><th scope="col">ρ</th><th scope="col">Who</th><th scope="col">Job</th></tr></thead>
              <tbody>
                {budget.ledger.map((e) => (
                  <tr key={e.id}>
                    <td>{formatTime(e.at)}</td>
                    <td>{e.kind}</td>
                    <td>{e.mechanism}</td>
                    <td className="num">{e.epsilonEquivalent.toFixed(3)}</td>
                    <td className="num">{e.rho.toPrecision(4)}</td>
                    <td>{e.who}</td>
                    <td>{e.jobId ?? "–"}</td>
                  </tr>
                ))}
                {budget.ledger.length === 0 && <tr><td colSpan={7} className="muted">Nothing spent yet.</td></tr>}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
