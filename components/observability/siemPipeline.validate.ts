import { type ArgProblem, formatPath, Problems } from "../shared/problems";
import { tagArgProblems } from "../shared/rules";
import type { SiemPipelineArgs } from "./siemPipeline.args";
import { detectionProblems } from "./siemPipeline.detection.logic";
import { alarmProblems, archiveProblems } from "./siemPipeline.logic";
import { validateSearchArgs } from "./siemPipeline.search.logic";

/**
 * Every problem of `SiemPipelineArgs`, from each part's own validator (the archive and trail, the
 * alerts, detection, the search tier), reported once each: several parts check the shared fields
 * (`logRetentionDays`, `logGroupPrefix`).
 */
export function validateSiemPipelineArgs(args: SiemPipelineArgs): ArgProblem[] {
  const p = new Problems();
  p.under([], archiveProblems(args));
  p.under([], alarmProblems(args));
  p.under(["detection"], detectionProblems(args.detection));
  p.under(
    [],
    validateSearchArgs({
      namePrefix: args.namePrefix,
      logGroupPrefix: args.logGroupPrefix,
      dashboardCidrs: args.dashboardCidrs,
      search: args.search,
      logRetentionDays: args.logRetentionDays,
    }),
  );
  p.under([], tagArgProblems(args.tags));
  const seen = new Set<string>();
  return p.list.filter((problem) => {
    const key = `${formatPath(problem.path)}\u0000${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
