import { defineEntity, type InferEntity } from '@mikro-orm/core';

/**
 * A work package: the inbox projection of a package workflow (the workflow is the authority on what may change).
 * Its id is the workflow id's tail: <campaign>/<desa>/<n>.
 */
export const WorkPackageSchema = defineEntity({
  name: 'WorkPackage',
  tableName: 'work_package',
  properties: (p) => ({
    id: p.string().primary(),
    campaignId: p.string().index(),
    desaCode: p.string().length(10),
    kecamatanCode: p.string().length(6),
    seq: p.integer(),
    round: p.integer(),
    officerId: p.string().index(),
    status: p.string().length(16),
    familyCount: p.integer(),
    reassignments: p.integer().default(0),
    deadlineAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    closedAt: p.datetime().nullable(),
  }),
});
export type WorkPackage = InferEntity<typeof WorkPackageSchema>;

/** One family in one package, with where its verification stands. */
export const PackageFamilySchema = defineEntity({
  name: 'PackageFamily',
  tableName: 'package_family',
  properties: (p) => ({
    packageId: p.string().primary(),
    familyId: p.string().primary(),
    campaignId: p.string(),
    priority: p.integer(),
    status: p.string().length(16),
    latestVersion: p.integer().default(0),
  }),
  indexes: [{ properties: ['campaignId', 'familyId'] }],
});
export type PackageFamily = InferEntity<typeof PackageFamilySchema>;
