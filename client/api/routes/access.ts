/** Checks shared by routes: may this user see or act on this campaign? */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Campaign } from '../../../db/entities/campaign.entity';
import { campaignStartableBy, campaignVisibleTo } from '../auth/area-scope';
import type { AuthUser } from '../auth/users';
import { forbidden, notFound } from '../errors';
import { campaignView, findCampaign } from '../queries/campaigns';

export function assertCampaignVisible(user: AuthUser, campaign: Campaign): void {
  if (!campaignVisibleTo(user.scope, campaignView(campaign).regionCodes)) {
    throw forbidden(`campaign ${campaign.id} is outside your area`, 'outside_area');
  }
}

/** Acting on a campaign (cancel, decide its plan) needs the whole campaign area in scope. */
export function assertCampaignInScope(user: AuthUser, campaign: Campaign): void {
  if (!campaignStartableBy(user.scope, campaignView(campaign).regionCodes)) {
    throw forbidden(`campaign ${campaign.id} reaches outside your area`, 'outside_area');
  }
}

/**
 * The campaign row, checked against the user's area ('see' to read it, 'act' to change it). A campaign without a
 * row yet is a 404 for area-scoped users; users with every area get null and go on to ask Temporal.
 */
export async function campaignFor(em: EntityManager, user: AuthUser, id: string, need: 'see' | 'act'): Promise<Campaign | null> {
  const row = await findCampaign(em, id);
  if (row) (need === 'see' ? assertCampaignVisible : assertCampaignInScope)(user, row);
  else if (!user.scope.allAreas) throw notFound(`no campaign ${id}`);
  return row;
}
