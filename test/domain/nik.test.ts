import { centuryYear, checkNik, nikContradictions } from '../../domain/nik';

const REFERENCE = '2026-03-10';
const nik = (ddmmyy: string, serial = '0001', prefix = '640904'): string => `${prefix}${ddmmyy}${serial}`;

describe('checkNik', () => {
  it('when a man born 12 June 1990 has a well-formed NIK, then it is ok with prefix, sex, birth date and serial', () => {
    // Arrange
    const value = nik('120690', '0042');

    // Act
    const result = checkNik(value, REFERENCE);

    // Assert
    expect(result).toEqual({
      ok: true,
      problems: [],
      prefix: { province: '64', kabupaten: '6409', kecamatan: '640904' },
      impliedSex: 'L',
      impliedBirthDate: '1990-06-12',
      serial: '0042',
    });
  });

  it('when the day has 40 added, then the NIK is a woman\'s and the day is reduced by 40', () => {
    const result = checkNik(nik('520690'), REFERENCE);

    expect(result.ok).toBe(true);
    expect(result.impliedSex).toBe('P');
    expect(result.impliedBirthDate).toBe('1990-06-12');
  });

  it.each([
    ['410101', 'P', '2001-01-01'],
    ['710101', 'P', '2001-01-31'],
    ['010101', 'L', '2001-01-01'],
    ['310101', 'L', '2001-01-31'],
  ])('when DD/MM/YY is %s, then sex %s and birth date %s (range edges)', (ddmmyy, sex, date) => {
    const result = checkNik(nik(ddmmyy), REFERENCE);

    expect(result.ok).toBe(true);
    expect(result.impliedSex).toBe(sex);
    expect(result.impliedBirthDate).toBe(date);
  });

  it.each(['640904120690001', '64090412069000011', '64090412069O0001', ' 6409041206900001', '6409-41206900001', ''])(
    'when the NIK "%s" is not exactly 16 digits, then not_16_digits is the only problem and nothing is read',
    (value) => {
      const result = checkNik(value, REFERENCE);

      expect(result).toEqual({
        ok: false,
        problems: ['not_16_digits'],
        prefix: null,
        impliedSex: null,
        impliedBirthDate: null,
        serial: null,
      });
    },
  );

  it.each(['000000', '640000', '000904'])('when the region part %s has a 00 part, then region_part_zero', (prefix) => {
    expect(checkNik(nik('120690', '0001', prefix), REFERENCE).problems).toEqual(['region_part_zero']);
  });

  it.each(['000690', '320690', '400690', '720690', '990690'])(
    'when the day field is %s (neither 01-31 nor 41-71), then day_out_of_range and no sex or date',
    (ddmmyy) => {
      const result = checkNik(nik(ddmmyy), REFERENCE);

      expect(result.problems).toEqual(['day_out_of_range']);
      expect(result.impliedSex).toBeNull();
      expect(result.impliedBirthDate).toBeNull();
    },
  );

  it.each(['120090', '121390'])('when the month field of %s is outside 01-12, then month_out_of_range', (ddmmyy) => {
    const result = checkNik(nik(ddmmyy), REFERENCE);

    expect(result.problems).toEqual(['month_out_of_range']);
    expect(result.impliedSex).toBe('L');
    expect(result.impliedBirthDate).toBeNull();
  });

  it.each(['300290', '310490', '700290'])('when %s is not a real date, then not_a_calendar_date', (ddmmyy) => {
    expect(checkNik(nik(ddmmyy), REFERENCE).problems).toEqual(['not_a_calendar_date']);
  });

  it('when the serial is 0000, then serial_zero', () => {
    expect(checkNik(nik('120690', '0000'), REFERENCE).problems).toEqual(['serial_zero']);
  });

  it('when several parts are wrong, then every problem is listed', () => {
    expect(checkNik(nik('991390', '0000', '000904'), REFERENCE).problems).toEqual([
      'region_part_zero',
      'day_out_of_range',
      'month_out_of_range',
      'serial_zero',
    ]);
  });

  describe('leap days', () => {
    it.each([
      ['290296', '1996-02-29'],
      ['290204', '2004-02-29'],
      ['690200', '2000-02-29'],
    ])('when 29 February falls in a leap year (%s), then the date is real: %s', (ddmmyy, date) => {
      const result = checkNik(nik(ddmmyy), REFERENCE);

      expect(result.ok).toBe(true);
      expect(result.impliedBirthDate).toBe(date);
    });

    it.each(['290201', '290297', '690223'])('when 29 February falls in a common year (%s), then not_a_calendar_date', (ddmmyy) => {
      expect(checkNik(nik(ddmmyy), REFERENCE).problems).toEqual(['not_a_calendar_date']);
    });

    it('when YY is 00 and the reference date puts it in 1900, then 29 February is not real (1900 is not a leap year)', () => {
      expect(checkNik(nik('290200'), '1999-12-31').problems).toEqual(['not_a_calendar_date']);
    });
  });
});

describe('centuryYear', () => {
  it.each([
    [25, 6, 15, '2026-03-10', 2025],
    [26, 1, 15, '2026-03-10', 2026],
    [26, 3, 10, '2026-03-10', 2026],
    [26, 3, 11, '2026-03-10', 1926],
    [26, 6, 15, '2026-03-10', 1926],
    [27, 1, 1, '2026-03-10', 1927],
    [0, 1, 1, '2026-03-10', 2000],
    [99, 12, 31, '2026-03-10', 1999],
  ])('when YY=%i, MM=%i, DD=%i and the reference is %s, then the year is %i', (yy, month, day, reference, year) => {
    expect(centuryYear(yy, month, day, reference)).toBe(year);
  });

  it('when the reference date is not an ISO date, then it throws a RangeError', () => {
    expect(() => checkNik(nik('120690'), '10/03/2026')).toThrow(RangeError);
  });
});

describe('nikContradictions', () => {
  const manBorn1990 = nik('120690');

  it('when the record agrees with the NIK, then there are no contradictions', () => {
    expect(nikContradictions(manBorn1990, { jenis_kelamin: 'L', tanggal_lahir: '1990-06-12' })).toEqual([]);
  });

  it('when the recorded sex differs, then sex_differs', () => {
    expect(nikContradictions(manBorn1990, { jenis_kelamin: 'P', tanggal_lahir: '1990-06-12' })).toEqual(['sex_differs']);
  });

  it('when a woman\'s NIK (+40) is recorded as a woman with the same date, then there are no contradictions', () => {
    expect(nikContradictions(nik('520690'), { jenis_kelamin: 'P', tanggal_lahir: '1990-06-12' })).toEqual([]);
  });

  it.each(['1990-06-13', '1990-07-12', '1991-06-12'])('when the recorded birth date is %s, then birth_date_differs', (date) => {
    expect(nikContradictions(manBorn1990, { jenis_kelamin: 'L', tanggal_lahir: date })).toEqual(['birth_date_differs']);
  });

  it('when the recorded date differs only by century, then it is not a contradiction (the NIK carries YY only)', () => {
    expect(nikContradictions(manBorn1990, { jenis_kelamin: 'L', tanggal_lahir: '1890-06-12' })).toEqual([]);
  });

  it('when both differ, then both are listed', () => {
    expect(nikContradictions(manBorn1990, { jenis_kelamin: 'P', tanggal_lahir: '1985-01-01' })).toEqual([
      'sex_differs',
      'birth_date_differs',
    ]);
  });

  it('when the recorded facts are missing, then nothing is contradicted', () => {
    expect(nikContradictions(manBorn1990, { jenis_kelamin: null, tanggal_lahir: null })).toEqual([]);
  });

  it('when the NIK is malformed or its day unreadable, then nothing is compared', () => {
    expect(nikContradictions('123', { jenis_kelamin: 'P', tanggal_lahir: '1990-06-12' })).toEqual([]);
    expect(nikContradictions(nik('350690'), { jenis_kelamin: 'P', tanggal_lahir: '1990-06-12' })).toEqual([]);
  });
});
