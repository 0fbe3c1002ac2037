import { useEffect, useMemo, useRef, useState } from "react";
import { sendJson } from "../../api/client";
import type { SchemaProblem, SchemaValidation } from "../../api/types";
import { lineOfProblem } from "../../lib/schemaLines";
import { ProblemView } from "../../components/ProblemView";

interface Props {
  text: string;
  onChange: (text: string) => void;
  /** Told whether the server found the schema usable (null while it is being checked). */
  onValidity?: (valid: boolean | null) => void;
}

interface PlacedProblem extends SchemaProblem {
  line: number | null;
}

/**
 * A schema (JSON or YAML) in a text area, checked as it is typed by POST /schemas/validate (the
 * same checks as a submission), each problem shown in the gutter at its line and listed below.
 */
export function SchemaEditor({ text, onChange, onValidity }: Props) {
  const [problems, setProblems] = useState<PlacedProblem[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const gutter = useRef<HTMLDivElement>(null);

  useEffect(() => {
    onValidity?.(null);
    const timer = setTimeout(async () => {
      try {
        const v = await sendJson<SchemaValidation>("POST", "/schemas/validate", { schemaText: text });
        setProblems(v.problems.map((p) => ({ ...p, line: lineOfProblem(text, p.path, p.message) })));
        setError(null);
        onValidity?.(v.valid);
      } catch (e) {
        setError(e);
        onValidity?.(false);
      }
    }, 300);
    return () => clearTimeout(timer);
  }, [text]);

  const lineCount = text.split("\n").length;
  const byLine = useMemo(() => {
    const m = new Map<number, string[]>();
    for (const p of problems ?? []) if (p.line !== null) m.set(p.line, [...(m.get(p.line) ?? []), `${p.path}: ${p.message}`]);
    return m;
  }, [problems]);

  return (
    <div className="schema-editor">
      <div className="editor">
        <div className="gutter" ref={gutter} aria-hidden="true">
          {Array.from({ length: lineCount }, (_, i) => (
            <div key={i} className={byLine.has(i + 1) ? "gutter-line gutter-error" : "gutter-line"} title={byLine.get(i + 1)?.join("\n")}>
              {i + 1}
            </div>
          ))}
        </div>
        <textarea
          id="schema-text"
          aria-label="Schema (JSON or YAML)"
          aria-describedby="schema-problems"
          aria-invalid={problems !== null && problems.length > 0}
          spellCheck={false}
          value={text}
          onChange={(e) => onChange(e.target.value)}
          onScroll={(e) => {
            if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
          }}
        />
      </div>
      <div id="schema-problems" aria-live="polite" className="schema-problems">
        {problems === null && !error && <span className="muted">checking…</span>}
        {problems?.length === 0 && <span className="ok">The schema is valid.</span>}
        {problems && problems.length > 0 && (
          <ul className="problems">
            {problems.map((p, i) => (
              <li key={i} data-line={p.line ?? ""}>
                <span className="line-ref">{p.line !== null ? `line ${p.line}` : "schema"}</span> <code>{p.path}</code>: {p.message}
              </li>
            ))}
          </ul>
        )}
        <ProblemView error={error} />
      </div>
    </div>
  );
}
