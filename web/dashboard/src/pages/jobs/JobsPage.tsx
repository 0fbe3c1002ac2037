import { JobForm } from "./JobForm";
import { JobList } from "./JobList";
import { JobView } from "./JobView";

export function JobsPage({ jobId }: { jobId?: string }) {
  if (jobId) return <JobView jobId={jobId} />;
  return (
    <div className="columns">
      <JobList />
      <JobForm />
    </div>
  );
}
