/**
 * Synthetic Indonesian-looking names, built from syllables so that no real person's name list is needed.
 * The mix leans on the Javanese, Bugis, Banjar and Kutai naming styles common in East Kalimantan.
 */
import type { JenisKelamin } from '../../domain/p3ke/value-lists';
import type { Rng } from './prng';

const STARTS = ['Su', 'Har', 'Rah', 'Ma', 'Nur', 'Ar', 'Di', 'Wa', 'Yu', 'Ra', 'Se', 'Bam', 'An', 'Ju', 'Fa', 'Ha', 'Ri', 'Ka', 'Ti', 'Sa'];
const MIDDLES = ['', '', 'ri', 'di', 'ma', 'sa', 'ti', 'ni', 'la'];
const MALE_ENDS = ['yanto', 'man', 'di', 'wan', 'nto', 'fik', 'din', 'san', 'jo', 'ruddin', 'mad', 'bang'];
const FEMALE_ENDS = ['yati', 'ni', 'wati', 'nah', 'sih', 'ti', 'na', 'yani', 'rah', 'mi', 'dah'];

const MALE_SECOND = ['Saputra', 'Pratama', 'Hidayat', 'Rahman', 'Syahputra', 'Kurniawan', 'Setiawan', 'Ramadhan'];
const FEMALE_SECOND = ['Lestari', 'Wulandari', 'Rahmawati', 'Handayani', 'Safitri', 'Puspita', 'Anggraini', 'Sari'];
/** Bugis and Banjar style short first names, used whole. */
const MALE_WHOLE = ['Andi', 'Daeng', 'Udin', 'Amat', 'Iwan', 'Aco', 'Baco', 'Jumadi'];
const FEMALE_WHOLE = ['Siti', 'Nurul', 'Ina', 'Aminah', 'Hasnah', 'Besse', 'Norma', 'Jamilah'];

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}

function syllableName(rng: Rng, sex: JenisKelamin): string {
  const ends = sex === 'L' ? MALE_ENDS : FEMALE_ENDS;
  return capitalise(rng.pick(STARTS) + rng.pick(MIDDLES) + rng.pick(ends));
}

export function personName(rng: Rng, sex: JenisKelamin): string {
  const first = rng.chance(0.25) ? rng.pick(sex === 'L' ? MALE_WHOLE : FEMALE_WHOLE) : syllableName(rng, sex);
  const roll = rng.next();
  if (roll < 0.35) return first;
  if (roll < 0.7) return `${first} ${syllableName(rng, sex)}`;
  return `${first} ${rng.pick(sex === 'L' ? MALE_SECOND : FEMALE_SECOND)}`;
}

const STREETS = ['Mawar', 'Melati', 'Pattimura', 'Sudirman', 'Mulawarman', 'Damai', 'Pelita', 'Swadaya', 'Gotong Royong'];

/** A plausible rural address; the desa itself is in its own columns. */
export function address(rng: Rng, desaName: string): string {
  const rt = String(rng.int(1, 25)).padStart(3, '0');
  const street = rng.chance(0.3) ? `Jl. Poros ${desaName}` : `Jl. ${rng.pick(STREETS)}`;
  return `${street} No. ${rng.int(1, 120)} RT ${rt}`;
}
