import { ApiError } from "../api/client";

/** An API error as its problem+json says it: each field's problems, or the detail when it names no field (a validation problem's detail repeats its fields). */
export function ProblemView({ error }: { error: unknown }) {
  if (!error) return null;
  if (!(error instanceof ApiError)) return <div role="alert" className="problem">{String((error as Error)?.message ?? error)}</div>;
  const p = error.problem;
  const fields = Object.entries(p.errors ?? {});
  return (
    <div role="alert" className="problem">
      <strong>{p.status ? `${p.status} ` : ""}{p.title ?? "Error"}</strong>
      {p.detail && fields.length === 0 && <p className="problem-detail">{p.detail}</p>}
      {fields.length > 0 && (
        <ul>
          {fields.flatMap(([field, messages]) => messages.map((m, i) => <li key={`${field}${i}`}><code>{field}</code>: {m}</li>))}
        </ul>
      )}
    </div>
  );
}
