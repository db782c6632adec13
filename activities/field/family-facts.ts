/** Reads one family's P3KE record and members in the shape the mismatch rules take (P3KE column names). */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { P3keFamilyFacts, P3keMemberFacts } from '../../domain/mismatch';

export async function loadFamilyFacts(em: EntityManager, campaignId: string, familyId: string): Promise<{ family: P3keFamilyFacts; members: P3keMemberFacts[] } | null> {
  const ctx = em.getTransactionContext();
  const [family] = await em.getConnection().execute<P3keFamilyFacts[]>(
    `select id_keluarga_p3ke, kode_kemendagri, desil_kesejahteraan, penerima_pkh, penerima_sembako, penerima_bpnt, resiko_stunting,
            jenis_atap, jenis_dinding, jenis_lantai, sumber_penerangan, bahan_bakar_memasak, sumber_air_minum, fasilitas_bab,
            kepemilikan_rumah, memiliki_simpanan
     from p3ke_family where campaign_id = ? and id_keluarga_p3ke = ?`,
    [campaignId, familyId],
    'all',
    ctx,
  );
  if (!family) return null;
  const members = await em.getConnection().execute<P3keMemberFacts[]>(
    `select nik, jenis_kelamin, to_char(tanggal_lahir, 'YYYY-MM-DD') as tanggal_lahir, hubungan_dengan_kepala_keluarga, hamil
     from p3ke_individual where campaign_id = ? and id_keluarga_p3ke = ? order by id_individu`,
    [campaignId, familyId],
    'all',
    ctx,
  );
  return { family, members };
}
