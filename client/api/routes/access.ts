/** Checks shared by routes: may this user see or act on this campaign? */
import type { Campaign } from '../../../db/entities/campaign.entity';
import { campaignStartableBy, campaignVisibleTo } from '../auth/area-scope';
import type { AuthUser } from '../auth/users';
import { forbidden } from '../errors';
import { campaignView } from '../queries/campaigns';

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
