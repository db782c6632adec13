/** The roster CSV rules, without a database. */
import { parseRosterCsv, RosterCsvError, splitCsvLine } from '../../client/cli/officer-csv';

const HEADER = 'id,name,role,kecamatan_code,desa_coverage,daily_capacity,available';

describe('roster CSV', () => {
  it('when a row is valid, then it becomes an officer with its desa list split on semicolons', () => {
    const officers = parseRosterCsv(`${HEADER}\nver-1,"Siti, S.Pd",field_verifier,640904,6409041005;6409041006,20,true\nsup-1,Budi,supervisor,640904,,0,no\n`);
    expect(officers).toEqual([
      { id: 'ver-1', name: 'Siti, S.Pd', role: 'field_verifier', kecamatanCode: '640904', desaCoverage: ['6409041005', '6409041006'], dailyCapacity: 20, available: true },
      { id: 'sup-1', name: 'Budi', role: 'supervisor', kecamatanCode: '640904', desaCoverage: [], dailyCapacity: 0, available: false },
    ]);
  });

  it('when a row is bad, then the error names its line and field', () => {
    expect(() => parseRosterCsv(`${HEADER}\nver-1,A,field_verifier,640904,6409041005,20,true\nver-2,B,field_verifier,64090,6409041005,20,true\n`, 'r.csv')).toThrow(
      new RosterCsvError('r.csv line 3: kecamatan_code: a kecamatan code has 6 digits'),
    );
    expect(() => parseRosterCsv(`${HEADER}\nver-1,A,boss,640904,6409041005,x,maybe\n`)).toThrow(/line 2: role: .*daily_capacity: .*available: /);
    expect(() => parseRosterCsv(`${HEADER}\nver-1,A,field_verifier,640904,6409041005,20\n`)).toThrow(/line 2: 6 fields, expected 7/);
    expect(() => parseRosterCsv(`${HEADER}\nver-1,A,field_verifier,640904,6409041005,20,true\nver-1,A,field_verifier,640904,6409041005,20,true\n`)).toThrow(/line 3: officer ver-1 appears twice/);
    expect(() => parseRosterCsv('id,name\n')).toThrow(/line 1: the header must be/);
  });

  it('when a field is quoted, then commas and doubled quotes inside it are kept', () => {
    expect(splitCsvLine('a,"b, ""c""",d')).toEqual(['a', 'b, "c"', 'd']);
    expect(splitCsvLine('a,"b')).toBeNull();
  });
});
