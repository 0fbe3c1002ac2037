/** A labelled progress bar (role progressbar, so screen readers and the tests read its value). */
export function ProgressBar({ percent, label }: { percent: number; label: string }) {
  return (
    <div className="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
      <div className="progress-fill" style={{ width: `${percent}%` }} />
      <span className="progress-text">{percent} %</span>
    </div>
  );
}
