import { maskName, maskNik } from '../../domain/masking';
import { checkNik } from '../../domain/nik';
import { nikRegionWarnings } from '../../domain/nik-regions';

describe('nikRegionWarnings', () => {
  const prefixOf = (nik: string) => checkNik(nik, '2026-03-10').prefix!;

  it('when the prefix is Sepaku (64.09.04) in the official list, then there is no warning', () => {
    expect(nikRegionWarnings(prefixOf('6409041206900001'))).toEqual([]);
  });

  it('when the province does not exist, then only province_unknown is reported', () => {
    expect(nikRegionWarnings(prefixOf('9909041206900001'))).toEqual(['province_unknown']);
  });

  it('when the province exists but the kabupaten does not, then kabupaten_unknown', () => {
    expect(nikRegionWarnings(prefixOf('6499041206900001'))).toEqual(['kabupaten_unknown']);
  });

  it('when the kabupaten exists but the kecamatan does not, then kecamatan_unknown', () => {
    expect(nikRegionWarnings(prefixOf('6409991206900001'))).toEqual(['kecamatan_unknown']);
  });

  it('when an older region list is injected, then the check uses it', () => {
    // Arrange: a list from before a split, where 64.09.99 still existed
    const regions = { provinces: new Set(['64']), kabupaten: new Set(['6409']), kecamatan: new Set(['640999']) };

    // Act
    const warnings = nikRegionWarnings(prefixOf('6409991206900001'), regions);

    // Assert
    expect(warnings).toEqual([]);
  });
});

describe('maskNik', () => {
  it('when a 16-digit NIK is masked, then the first 4 and last 2 digits are kept', () => {
    expect(maskNik('6409041206900001')).toBe('6409**********01');
  });

  it('when two members of one family are masked, then they can still be told apart', () => {
    expect(maskNik('6409040504880001')).not.toBe(maskNik('6409045708930002'));
  });

  it('when the value is too short to keep 6 digits safely, then every character is masked', () => {
    expect(maskNik('12345')).toBe('*****');
  });

  it('when the value is missing, then the result is empty', () => {
    expect(maskNik(null)).toBe('');
    expect(maskNik(undefined)).toBe('');
  });
});

describe('maskName', () => {
  it.each([
    ['Siti Nur Aisyah', 'S. N. A.'],
    ['sukarno', 'S.'],
    ['  Ni   Made  Ayu ', 'N. M. A.'],
    ['H. Ahmad bin Abdullah Al-Farisi Putra', 'H. A. B. A.'],
    ['', ''],
  ])('when the name is "%s", then it is shown as "%s"', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('when the name is missing, then the result is empty', () => {
    expect(maskName(null)).toBe('');
  });
});
