import { useCallback, useState } from "react";
import { getJson } from "../../api/client";
import type { DatasetBudget, DatasetInfo, DatasetProfile, DomainSpec, ModelInfo } from "../../api/types";
import { ProblemView } from "../../components/ProblemView";
import { useAsync, useInterval } from "../../components/useAsync";
import { formatCount } from "../../lib/format";
import { base, Link } from "../../router";
import { BudgetPanel } from "./BudgetPanel";
import { DomainEditor } from "./DomainEditor";
import { FitPanel } from "./FitPanel";
import { ModelsPanel } from "./ModelsPanel";
import { ProfileTable } from "./ProfileTable";

/** One dataset: its profile, its domain to confirm, its budget and ledger, fits, models and their evaluations. */
export function DatasetView({ datasetId }: { datasetId: string }) {
  const dataset = useAsync(() => getJson<DatasetInfo>(`/datasets/${datasetId}`), [datasetId]);
  const profile = useAsync(() => getJson<{ profile: DatasetProfile; domain: DomainSpec }>(`/datasets/${datasetId}/profile`), [datasetId]);
  const budget = useAsync(() => getJson<DatasetBudget>(`/datasets/${datasetId}/budget`), [datasetId]);
  const models = useAsync(() => getJson<{ models: ModelInfo[] }>(`/models?datasetId=${datasetId}`), [datasetId]);
  const [, setTick] = useState(0);
  // A model's record is completed just after its fit job ends: look again while one is still fitting.
  const fitting = models.value?.models.some((m) => m.status === "Fitting") ?? false;
  useInterval(useCallback(() => { models.reload(); budget.reload(); }, [models, budget]), fitting ? 1500 : null);

  const fitted = useCallback(() => {
    budget.reload();
    models.reload();
    setTick((t) => t + 1);
  }, [budget, models]);

  const d = dataset.value;
  return (
    <div className="stack">
      <section className="card" aria-labelledby="dataset-title">
        <p><Link href={`${base}/datasets`}>← All datasets</Link></p>
        <h2 id="dataset-title">{d?.name ?? datasetId}</h2>
        <ProblemView error={dataset.error} />
        {d && <p>{formatCount(d.rows)} rows · {d.columns.length} columns · domain <strong id="domain-state">{d.domainConfirmed ? "confirmed" : "draft (confirm it to fit)"}</strong></p>}
      </section>
      <div className="columns">
        <section className="card" aria-labelledby="profile-title">
          <h2 id="profile-title">Profile</h2>
          <ProblemView error={profile.error} />
          {profile.value && <ProfileTable profile={profile.value.profile} />}
        </section>
        <BudgetPanel budget={budget.value} error={budget.error} />
      </div>
      {profile.value && <DomainEditor datasetId={datasetId} initial={profile.value.domain} onConfirmed={() => { dataset.reload(); }} />}
      <FitPanel datasetId={datasetId} confirmed={d?.domainConfirmed ?? false} columns={d?.columns ?? []} onFitted={fitted} onSubmitted={fitted} />
      <ModelsPanel models={models.value?.models} error={models.error} />
    </div>
  );
}
