import type { CampaignConfig } from '../../domain/contracts/campaign';
import { loadIknArea } from '../../domain/regions';

/** A campaign over the whole IKN area and every desil, with timers in seconds so tests run them for real. */
export function testCampaignConfig(overrides: Partial<CampaignConfig> = {}): CampaignConfig {
  return {
    name: 'Test campaign',
    regionCodes: loadIknArea().kecamatan.map((k) => k.code),
    desilMin: 1,
    desilMax: 10,
    ingestPageSize: 100,
    timers: { packageDeadlineSeconds: 30, reminderEverySeconds: 5, escalationTimeoutSeconds: 5, approvalDeadlineSeconds: 30 },
    escalationThreshold: { maxSeverityAtLeast: 4, severitySumAtLeast: 6 },
    maxReassignments: 1,
    maxRevisitRounds: 1,
    budgetRupiah: 5_000_000_000,
    maxFamiliesPerPackage: 25,
    ...overrides,
  };
}

export const TEST_P3KE_TOKEN = 'test-p3ke-token';
