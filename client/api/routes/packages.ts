/**
 * Field officers: their open packages, the families of one package (personal data, every read audited), one result
 * per family through the package's submitFieldResult Update (the submission id is the update id), and the hand-in.
 * The package workflow is the authority: its validator's rejections come back as 4xx with their type as the code.
 */
import { isDeepStrictEqual } from 'node:util';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { WorkPackage } from '../../../db/entities/work-package.entity';
import { FAILURE_TYPES } from '../../../domain/contracts/errors';
import { WORK_PACKAGE_REJECTIONS as R, type RecordedVersion } from '../../../domain/contracts/work-package';
import { fieldResultProblems } from '../../../domain/field-result-checks';
import { handInPackage, submitFieldResult, type PackageAddress } from '../../../sim/field-actors/actions';
import { API_AUDIT_ACTIONS, writeAudit } from '../audit';
import { currentUser } from '../auth/authenticate';
import type { AuthUser } from '../auth/users';
import type { ApiDeps } from '../deps';
import { ApiError, conflict, forbidden, invalidRequest, notFound } from '../errors';
import { familiesToVerify, findPackage, openPackagesOf, packagePath, storedReceipt, submissionContext } from '../queries/packages';
import { iso } from '../queries/sql';
import { bearerSecurity, errorResponses, requestIdSchema } from '../schemas/common';
import { openPackage, packageParams, packageStatusResponse, packageView, receiptResponse, submitResultBody } from '../schemas/packages';
import { callTemporal } from '../temporal-calls';
import { recordNewResult } from '../record-field-result';
import { withdrawVersion } from '../../../db/repositories/field-result-repository';

const TAG = ['officers'];
const OFFICER = { roles: ['officer'] } as const;

const SUBMIT_REJECTIONS = {
  [R.wrongOfficer]: 403,
  [R.familyNotInPackage]: 404,
  [R.closed]: 409,
  [R.pastDeadline]: 409,
  [R.malformed]: 400,
  [FAILURE_TYPES.invalidInput]: 400,
} as const;
const HAND_IN_REJECTIONS = { [R.wrongOfficer]: 403, [R.closed]: 409, [R.notComplete]: 409, [R.malformedHandIn]: 400 } as const;

const address = (pkg: { campaignId: string; desaCode: string; seq: number }): PackageAddress => ({ campaignId: pkg.campaignId, desaCode: pkg.desaCode, seq: pkg.seq });

/** The package, if it exists and is this officer's (the projection moves before the workflow accepts anyone new). */
function assertOwn<P extends { officerId: string }>(user: AuthUser, packageId: string, pkg: P | null): P {
  if (!pkg) throw notFound(`no package ${packageId}`, 'unknown_package');
  if (pkg.officerId !== user.id) throw forbidden(`package ${packageId} is assigned to another officer`, 'wrong_officer');
  return pkg;
}

async function ownPackage(deps: ApiDeps, user: AuthUser, packageId: string): Promise<WorkPackage> {
  return assertOwn(user, packageId, await findPackage(deps.orm.em.fork(), packageId));
}

/**
 * Nothing was recorded because, since the submission's first read, the package left 'open' or went to another
 * officer: read it again to say which.
 */
async function refuseNoLongerOpen(deps: ApiDeps, user: AuthUser, packageId: string): Promise<never> {
  const pkg = assertOwn(user, packageId, await findPackage(deps.orm.em.fork(), packageId));
  assertOpen(pkg);
  throw conflict(`package ${packageId} is no longer open`, 'package_closed');
}

function assertOpen(pkg: { id: string; status: string }): void {
  if (pkg.status === 'pending') throw conflict(`package ${pkg.id} is not open yet`, 'package_not_open');
  if (pkg.status !== 'open') throw conflict(`package ${pkg.id} is ${pkg.status}`, 'package_closed');
}

export const packageRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  const { orm, client } = deps;

  app.get(
    '/me/packages',
    {
      config: OFFICER,
      schema: {
        tags: TAG,
        summary: "The calling officer's open packages, with counts",
        security: bearerSecurity,
        response: { 200: z.object({ packages: z.array(openPackage) }), ...errorResponses },
      },
    },
    async (request) => ({ packages: await openPackagesOf(orm.em.fork(), currentUser(request).id) }),
  );

  app.get(
    '/packages/:packageId',
    {
      config: OFFICER,
      schema: {
        tags: TAG,
        summary: 'The families of an open package with the P3KE data the visit needs (personal data: audited)',
        security: bearerSecurity,
        params: packageParams,
        response: { 200: packageView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const pkg = await ownPackage(deps, user, request.params.packageId);
      // Purpose limitation: the data is for the visit; once the package closes the officer no longer reads it.
      assertOpen(pkg);
      const families = await familiesToVerify(orm.em.fork(), pkg);
      await writeAudit(
        orm,
        user,
        ...families.map((f) => ({
          action: API_AUDIT_ACTIONS.readPersonalData,
          entity: 'p3ke_family',
          entityId: `${pkg.campaignId}/${f.familyId}`,
          campaignId: pkg.campaignId,
          after: { via: 'package', packageId: pkg.id, members: f.members.length },
        })),
      );
      reply.header('cache-control', 'no-store');
      return {
        package: {
          packageId: pkg.id,
          path: packagePath(pkg.id),
          campaignId: pkg.campaignId,
          campaignName: null,
          desaCode: pkg.desaCode,
          kecamatanCode: pkg.kecamatanCode,
          round: pkg.round,
          status: pkg.status,
          deadlineAt: iso(pkg.deadlineAt),
          reassignments: pkg.reassignments,
          officerId: pkg.officerId,
          familyCount: pkg.familyCount,
        },
        families,
      };
    },
  );

  app.post(
    '/packages/:packageId/results',
    {
      config: OFFICER,
      schema: {
        tags: TAG,
        summary: 'Submit (or correct) the field result of one family',
        description:
          'The submissionId is the Temporal update id: sending the same submission again returns the first receipt. ' +
          'A correction is a new submission (new id) and becomes a new version.',
        security: bearerSecurity,
        params: packageParams,
        body: submitResultBody,
        response: { 200: receiptResponse, ...errorResponses },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const { packageId } = request.params;
      const { submissionId } = request.body;
      const em = orm.em.fork();
      const result = request.body.result;
      // One statement: the package (its workflow's address, and the officer and status the projection knows), an
      // earlier use of this submission id, and what recording the family's result needs.
      const context = await submissionContext(em, packageId, submissionId, result.familyId);
      const pkg = assertOwn(user, packageId, context.pkg);
      const earlier = context.earlier;
      // The route schema parsed the result with every rule but the one that needs the time of receipt (not visited
      // in the future); the rules run again here with that time. Not the zod schema built again for it: building it
      // cost milliseconds of CPU per submission (bench/field-result-round-trip.ts), parsing with it microseconds.
      const receivedAt = deps.now().toISOString();
      const problems = fieldResultProblems(result, receivedAt);
      if (problems.length > 0) throw invalidRequest('body.result', problems.map(({ path, message }) => ({ code: 'custom', path, message, input: undefined })));
      /** A family unknown to the whole campaign is named `unknown_family` ahead of every later refusal. */
      const unknownFamily = (): ApiError => notFound(`unknown family ${result.familyId} in campaign ${pkg.campaignId}`, 'unknown_family');
      const refuse = (err: unknown): never => {
        throw context.family === null ? unknownFamily() : err;
      };
      // A resend carries the same result; the same id with other content is a new result under a used id, which
      // Temporal's update-id dedup would silently answer with the first receipt (the new content lost).
      const sameContent = earlier !== null && isDeepStrictEqual(JSON.parse(JSON.stringify(result)), earlier.payload);
      if (earlier && (earlier.packageId !== packageId || earlier.familyId !== result.familyId || !sameContent)) {
        refuse(conflict('this submissionId was already used for another result: choose a new one', 'submission_id_reused'));
      }
      // A new result is recorded here, then accepted by the package (record-field-result.ts). A resend is not
      // recorded again: the package answers it as the first time (or records it, if the first send never got there).
      let recorded: RecordedVersion | undefined;
      if (!earlier) {
        try {
          assertOpen(pkg);
        } catch (err) {
          refuse(err);
        }
        const family = context.family;
        if (family === null) throw unknownFamily();
        // The package's validator would refuse it too; asked here because nothing may be recorded for it first.
        if (!context.inPackage) throw notFound(`family ${result.familyId} is not in package ${packageId}`, 'family_not_in_package');
        const outcome = await recordNewResult(em, { pkg, officerId: user.id, submissionId, result, family, members: context.members, escalationThreshold: context.escalationThreshold, receivedAt });
        if (outcome.kind === 'closed') await refuseNoLongerOpen(deps, user, packageId);
        if (outcome.kind === 'recorded') recorded = outcome.recorded;
      }
      let receipt;
      try {
        receipt = await callTemporal(
          () => submitFieldResult(client, { package: address(pkg), submission: { officerId: user.id, result, ...(recorded ? { recorded } : {}) }, updateId: submissionId }),
          SUBMIT_REJECTIONS,
          `package ${packageId}`,
        );
      } catch (err) {
        // The package refused what this request recorded: taken back while the package is open; once it is closing,
        // close-out counts it, so it stands and the answer is its receipt.
        const refused = err instanceof ApiError && err.statusCode >= 400 && err.statusCode < 500;
        if (recorded && refused && (await withdrawVersion(em, { packageId, submissionId, officerId: user.id, reason: err.code })) !== null) return refuse(err);
        // A resend after the package closed, or a refusal that came too late to take back: the result is
        // recorded, so answer as the first time did.
        const stored = refused && (recorded !== undefined || (earlier !== null && err.statusCode === 409)) ? await storedReceipt(em, submissionId) : null;
        if (!stored) return refuse(err);
        receipt = stored;
      }
      // No audit row here: the statement that records the result writes it (here, or in the package's recording
      // activity), so a recorded result is never left unaudited and a resend, answered from the first write, adds none.
      return { submissionId, packageId, receipt };
    },
  );

  app.post(
    '/packages/:packageId/hand-in',
    {
      config: OFFICER,
      schema: {
        tags: TAG,
        summary: 'Hand in a package once every family has a result',
        security: bearerSecurity,
        params: packageParams,
        body: z.strictObject({ handInId: requestIdSchema.optional().describe('makes a resent hand-in answer once') }).nullish(),
        response: { 200: packageStatusResponse, ...errorResponses },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const { packageId } = request.params;
      const pkg = await ownPackage(deps, user, packageId);
      assertOpen(pkg);
      const handInId = request.body?.handInId;
      const status = await callTemporal(
        () => handInPackage(client, { package: address(pkg), officerId: user.id, ...(handInId ? { updateId: handInId } : {}) }),
        HAND_IN_REJECTIONS,
        `package ${packageId}`,
      );
      await writeAudit(orm, user, {
        action: API_AUDIT_ACTIONS.packageHandIn,
        entity: 'work_package',
        entityId: packageId,
        campaignId: pkg.campaignId,
        before: { status: 'open' },
        after: { handedIn: true, submitted: status.submitted, total: status.total },
      });
      return status;
    },
  );
};
