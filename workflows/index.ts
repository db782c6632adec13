// The workflow bundle's entry point: every workflow type the worker registers.
export { campaignWorkflow } from './campaign-workflow';
export { desaWorkflow } from './desa-workflow';
export { workPackageWorkflow } from './work-package-workflow';
export { escalationCaseWorkflow } from './escalation-case-workflow';
