/**
 * Test-only workflow module: the campaign workflow with the report-before-completed change applied to every run,
 * as if it had been made without patched(). Everything else is today's code, other patches included. Only
 * test/replay/patched-closeout.test.ts bundles it, to show that an old history does not replay against it.
 */
import { patched } from '@temporalio/workflow';
import { defineCampaignWorkflow } from '../../workflows/campaign-workflow';
import { PATCHES } from '../../workflows/patches';

export const campaignWorkflow = defineCampaignWorkflow((patchId) => patchId === PATCHES.reportBeforeCompleted || patched(patchId));
