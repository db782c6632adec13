/**
 * Ids of the workflow changes guarded with patched(): a run recorded before a change replays down the old path,
 * a run started after it takes the new one (and its history carries a marker with the id). Never rename or reuse
 * an id. The life of a patch (workflows/README.md, "Changing a workflow"): patched(id) → deprecatePatch(id) once
 * no run started before the change is still open → the old branch and the id removed once no history with the
 * marker needs to replay.
 */
export const PATCHES = {
  /**
   * Close-out: report.json is written before the campaign row says `completed`, so whoever sees `completed`
   * finds the report (before, the API answered 409 in the gap between the two).
   */
  reportBeforeCompleted: 'campaign-report-before-completed',
  /**
   * Reminders of a waiting package, case or plan are counted in the workflow (status query, current details)
   * instead of one audit row per reminder period: nobody is notified by them, so the rows were noise.
   */
  remindersCounted: 'reminders-counted-not-audited',
  /**
   * A field result is recorded by a local activity inside the submitFieldResult Update, so the Update completes
   * in the workflow task that accepted it (issue #5, field-result round trip); before, a regular activity.
   */
  fieldResultLocalActivity: 'field-result-local-activity',
  /**
   * The campaign refreshes its field progress counts on a cadence of its own, not at every reminder period, so its
   * history no longer grows with (field phase length ÷ reminderEverySeconds) (issue #5, scale headroom).
   */
  fieldProgressCadence: 'field-progress-own-cadence',
  /**
   * An escalation case opens and records its decision through local activities (one short transaction each), so
   * the case is in the supervisors' queue, and the decideCase Update completes, without an activity task's two
   * trips through the server; the package waits for its cases (issue #5, end to end). Before, regular activities.
   */
  caseLocalActivities: 'case-local-activities',
  /**
   * A desa loads its packages (and makes its re-visit packages) through local activities, so its packages start
   * without an activity task's round trip at the opening of the field phase (issue #5, end to end).
   */
  desaLocalActivities: 'desa-local-activities',
  /**
   * At close-out a package takes in the results recorded through it that it never accepted (the workflow task that
   * recorded one failed after the commit, and the officer did not send it again), so its counts and escalations
   * agree with the database.
   */
  closeOutAdoptsRecorded: 'package-close-out-adopts-recorded',
  /**
   * A submission the API already recorded (it carries `recorded`) is validated and kept without running the
   * recording local activity: the Update completes in one activation (issue #5, field-result round trip).
   */
  fieldResultRecordedByApi: 'field-result-recorded-by-api',
} as const;
export type PatchId = (typeof PATCHES)[keyof typeof PATCHES];
