import { buildFieldResultSchema } from '../../domain/field-result.schema';
import { fieldResultProblems } from '../../domain/field-result-checks';
import { fieldResult, HEAD, NOW, SPOUSE } from './fixtures';

const schema = buildFieldResultSchema({ now: NOW });

/** The issues of a rejected submission as "path: message" lines, easy to assert on. */
function issuesOf(input: unknown): string[] {
  const parsed = schema.safeParse(input);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

/** A JSON copy with one value replaced at a dotted path. */
function withValue(path: string, value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(fieldResult())) as Record<string, unknown>;
  const keys = path.split('.');
  let target: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
  target[keys[keys.length - 1]!] = value;
  return copy;
}

describe('field result schema', () => {
  it('when a complete verified result is submitted, then it is accepted unchanged', () => {
    const parsed = schema.parse(fieldResult());

    expect(parsed).toEqual(fieldResult());
  });

  it('when a not-found result has no members, housing, programmes, stunting, photos or note, then it is accepted with empty defaults', () => {
    const input = { familyId: 'F-1', outcome: 'not_found', gps: { lat: -0.95, lon: 116.75 }, visitedAt: '2026-03-10T09:30:00+08:00' };

    expect(schema.parse(input)).toEqual({ ...input, members: [], housing: null, programmes: null, stunting: null, photos: [], note: '' });
  });

  it('when visitedAt is not a date and members are listed, then visitedAt is refused with a reason instead of the member checks throwing', () => {
    const issues = issuesOf(withValue('visitedAt', 'kemarin'));

    expect(issues).toEqual(['visitedAt: visitedAt must be an ISO date-time with a time zone offset']);
  });

  it('when visitedAt is a few minutes ahead of the server (device clock drift), then it is accepted', () => {
    expect(issuesOf(withValue('visitedAt', '2026-03-10T12:04:00+08:00'))).toEqual([]);
  });

  it.each([
    ['familyId', '  ', 'familyId: familyId must not be empty'],
    ['familyId', 'x'.repeat(65), 'familyId: familyId must be at most 64 characters'],
    ['outcome', 'gone', 'outcome: outcome must be one of: verified, not_found, moved, deceased, duplicate, refused'],
    ['members.0.nik', '640904050488001', 'members.0.nik: nik must be exactly 16 digits'],
    ['members.0.nik', 6409040504880001, 'members.0.nik: nik must be a string'],
    ['members.0.nama', '', 'members.0.nama: nama must not be empty'],
    ['members.0.hubungan_dengan_kepala_keluarga', 'boss', 'members.0.hubungan_dengan_kepala_keluarga: hubungan_dengan_kepala_keluarga must be one of: kepala_keluarga, istri_suami, anak, menantu, cucu, orang_tua, mertua, famili_lain, lainnya'],
    ['members.0.jenis_kelamin', 'M', 'members.0.jenis_kelamin: jenis_kelamin must be one of: L, P'],
    ['members.0.tanggal_lahir', '1987-02-29', 'members.0.tanggal_lahir: tanggal_lahir must be a real date as YYYY-MM-DD'],
    ['members.0.hamil', 'no', 'members.0.hamil: hamil must be true or false'],
    ['housing.jenis_lantai', 'marble', 'housing.jenis_lantai: jenis_lantai must be one of: keramik_marmer, ubin_tegel, semen, kayu_papan, bambu, tanah'],
    ['housing.memiliki_simpanan', null, 'housing.memiliki_simpanan: memiliki_simpanan must be true or false'],
    ['programmes.kur', undefined, 'programmes.kur: programmes.kur must be true or false'],
    ['stunting.childrenUnder5', -1, 'stunting.childrenUnder5: stunting.childrenUnder5 must not be negative'],
    ['stunting.pregnantWomen', 0.5, 'stunting.pregnantWomen: stunting.pregnantWomen must be a whole number'],
    ['gps.lat', 48.85, 'gps.lat: gps.lat must be within Indonesia (-11.2 to 6.3)'],
    ['gps.lon', 2.35, 'gps.lon: gps.lon must be within Indonesia (94.7 to 141.2)'],
    ['gps', null, 'gps: gps must be an object with lat and lon'],
    ['photos.0.ref', 'data:image/jpeg;base64,/9j/4AAQ', 'photos.0.ref: photo ref must be an id or https URL, not the image itself'],
    ['photos.0.ref', 'http://example.org/p.jpg', 'photos.0.ref: photo ref must be an upload id (letters, digits, . _ : / -) or an https URL'],
    ['photos.0.kind', 'selfie', 'photos.0.kind: photo kind must be one of: house_front, house_interior, roof, wall, floor, latrine, kk, other'],
    ['note', 'x'.repeat(1001), 'note: note must be at most 1000 characters'],
    ['visitedAt', '2026-03-10T09:30:00', 'visitedAt: visitedAt must be an ISO date-time with a time zone offset'],
  ])('when %s is %p, then it is rejected with a clear message', (path, value, message) => {
    expect(issuesOf(withValue(path, value))).toContain(message);
  });

  it('when lat and lon are swapped, then both are rejected', () => {
    const issues = issuesOf(withValue('gps', { lat: 116.75, lon: -0.95 }));

    expect(issues).toEqual([
      'gps.lat: gps.lat must be within Indonesia (-11.2 to 6.3)',
      'gps.lon: gps.lon must be within Indonesia (94.7 to 141.2)',
    ]);
  });

  it('when more than 12 photos are referenced, then the list is rejected', () => {
    const photos = Array.from({ length: 13 }, (_, i) => ({ kind: 'other', ref: `upl_${i}` }));

    expect(issuesOf(withValue('photos', photos))).toEqual(['photos: photos must hold at most 12 references']);
  });

  it('when an https URL is given as a photo reference, then it is accepted', () => {
    expect(issuesOf(withValue('photos.0.ref', 'https://files.example.go.id/verval/abc.jpg'))).toEqual([]);
  });

  it('when a rejected value is personal, then the message does not repeat it', () => {
    const issues = issuesOf(withValue('members.0.nik', '64090405048800X1'));

    expect(issues.join(' ')).not.toContain('64090405048800X1');
  });
});

describe('field result cross-field checks', () => {
  it('when visitedAt is after the time of submission, then visited_in_future', () => {
    expect(issuesOf(withValue('visitedAt', '2026-03-10T12:06:00+08:00'))).toEqual([
      'visitedAt: visitedAt is after the time of submission (2026-03-10T12:00:00+08:00)',
    ]);
  });

  it('when a verified result lacks members, housing, programmes and stunting facts, then each is required', () => {
    const result = fieldResult({ members: [], housing: null, programmes: null, stunting: null });

    expect(fieldResultProblems(result, NOW).map((p) => p.code)).toEqual([
      'members_required',
      'housing_required',
      'programmes_required',
      'stunting_required',
    ]);
  });

  it('when a verified family has two heads or none, then head_count_not_one', () => {
    const twoHeads = fieldResult({ members: [HEAD, { ...SPOUSE, hubungan_dengan_kepala_keluarga: 'kepala_keluarga' }], stunting: { pregnantWomen: 0, childrenUnder2: 0, childrenUnder5: 0 } });
    const noHead = fieldResult({ members: [SPOUSE], stunting: { pregnantWomen: 0, childrenUnder2: 0, childrenUnder5: 0 } });

    expect(fieldResultProblems(twoHeads, NOW).map((p) => p.message)).toEqual(['a family has exactly one kepala_keluarga, found 2']);
    expect(fieldResultProblems(noHead, NOW).map((p) => p.code)).toEqual(['head_count_not_one']);
  });

  it('when two members have the same NIK, then duplicate_member_nik names the positions, not the NIK', () => {
    const result = fieldResult();
    result.members[3] = { ...result.members[3]!, nik: result.members[2]!.nik };

    const problems = fieldResultProblems(result, NOW).filter((p) => p.code === 'duplicate_member_nik');

    expect(problems).toEqual([{ code: 'duplicate_member_nik', path: ['members', 3, 'nik'], message: 'members 2 and 3 have the same NIK' }]);
  });

  it('when a member NIK has a zero serial, then member_nik_invalid lists the NIK problems', () => {
    expect(issuesOf(withValue('members.0.nik', '6409040504880000'))).toEqual(['members.0.nik: NIK is not valid: serial_zero']);
  });

  it('when a member is born after the visit, then member_born_after_visit', () => {
    const result = fieldResult();
    result.members[3] = { ...result.members[3]!, tanggal_lahir: '2026-03-11' };

    expect(fieldResultProblems(result, NOW).map((p) => p.code)).toContain('member_born_after_visit');
  });

  it('when a man is recorded as pregnant, then pregnant_member_not_female', () => {
    expect(issuesOf(withValue('members.0.hamil', true))).toContain(
      "members.0.hamil: hamil is true for a member whose jenis_kelamin is not 'P'",
    );
  });

  it('when childrenUnder2 exceeds childrenUnder5, then stunting_counts_inconsistent', () => {
    const result = fieldResult({ stunting: { pregnantWomen: 0, childrenUnder2: 2, childrenUnder5: 1 } });

    expect(fieldResultProblems(result, NOW).map((p) => p.code)).toEqual([
      'stunting_counts_inconsistent',
      'stunting_counts_differ_from_members',
    ]);
  });

  it('when the stunting counts disagree with the members listed, then stunting_counts_differ_from_members says which', () => {
    const result = fieldResult({ stunting: { pregnantWomen: 1, childrenUnder2: 1, childrenUnder5: 2 } });

    expect(fieldResultProblems(result, NOW).map((p) => p.message)).toEqual([
      'stunting.pregnantWomen is 1 but the members listed give 0',
      'stunting.childrenUnder5 is 2 but the members listed give 1',
    ]);
  });

  it('when now is not a date-time, then the check throws rather than accepting everything', () => {
    expect(() => fieldResultProblems(fieldResult(), 'yesterday')).toThrow(RangeError);
  });
});
