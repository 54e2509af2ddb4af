/**
 * personal-data-scan.ts: what looks like a resident ID (GB 11643: 17 digits and a digit or X)
 * or a mainland mobile number (1, 3–9, 9 more digits) in text to be published (docs/domain.md §9:
 * never put personal data in public views). Pure.
 */
import { describe, expect, it } from 'vitest';
import { containsPersonalData, findPersonalData } from '../../src/personal-data/personal-data-scan.js';

describe('resident IDs (GB 11643 shape)', () => {
  it.each([
    ['an 18-digit ID', '联系人身份证号320505199001011234，请核对。', '320505199001011234'],
    ['an ID ending in X', '身份证：32050519900101123X', '32050519900101123X'],
    ['an ID ending in a lower-case x', '身份证 32050519900101123x 已登记', '32050519900101123x'],
    [
      'an ID with a wrong check digit (a mistyped ID is still an ID)',
      '号码320505199001011230',
      '320505199001011230',
    ],
    ['an ID printed 6-8-4 with spaces', '号码 320505 19900101 1234 结束', '320505 19900101 1234'],
    ['an ID printed with hyphens', 'ID: 320505-19900101-1234', '320505-19900101-1234'],
    [
      'an ID in full-width digits',
      '号码３２０５０５１９９００１０１１２３４',
      '３２０５０５１９９００１０１１２３４',
    ],
    ['an ID followed by letters', '320505199001011234abc', '320505199001011234'],
  ])('finds %s, located in the original text', (_label, text, expected) => {
    const findings = findPersonalData(text);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.kind).toBe('resident_id');
    expect(text.slice(findings[0]!.start, findings[0]!.end)).toBe(expected);
  });

  it('masks what it reports (first 4 and last 4 characters)', () => {
    expect(findPersonalData('320505199001011234')[0]!.masked).toBe('3205**********1234');
  });
});

describe('mobile numbers', () => {
  it.each([
    ['a bare number', '咨询电话13812345678。', '13812345678'],
    ['a number after Chinese text without a space', '请联系张老师19912345678', '19912345678'],
    ['a number grouped 3-4-4 with spaces', '电话 138 1234 5678', '138 1234 5678'],
    ['a number grouped with hyphens', '电话 138-1234-5678', '138-1234-5678'],
    ['+86 and the number', '电话 +86 13812345678', '+86 13812345678'],
    ['+86 without a space', '电话+8613812345678', '+8613812345678'],
    ['0086 and the number', '电话008613812345678', '008613812345678'],
    ['a trunk 0 before the number', '拨打013812345678', '013812345678'],
    ['full-width digits', '电话１３８１２３４５６７８', '１３８１２３４５６７８'],
    ['the lowest second digit, 3', '13000000000', '13000000000'],
  ])('finds %s', (_label, text, expected) => {
    const findings = findPersonalData(text);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.kind).toBe('mobile_phone');
    expect(text.slice(findings[0]!.start, findings[0]!.end)).toBe(expected);
  });

  it('masks what it reports (first 3 and last 4 digits)', () => {
    expect(findPersonalData('电话 +86 138-1234-5678')[0]!.masked).toBe('138****5678');
  });
});

describe('several findings', () => {
  it('reports each, in order of position, an ID not doubled as a phone number', () => {
    const text = '甲 13912345678；乙 320505199001011234；丙 15000001111';
    const findings = findPersonalData(text);
    expect(findings.map((x) => x.kind)).toEqual(['mobile_phone', 'resident_id', 'mobile_phone']);
    expect(findings.map((x) => text.slice(x.start, x.end))).toEqual([
      '13912345678',
      '320505199001011234',
      '15000001111',
    ]);
  });

  it('offsets stay right after characters outside the Basic Multilingual Plane', () => {
    const text = '𠀀𠀀 13812345678';
    const [finding] = findPersonalData(text);
    expect(text.slice(finding!.start, finding!.end)).toBe('13812345678');
  });
});

describe('what is not personal data', () => {
  it.each([
    ['a second digit 2 (no mobile prefix 12x)', '编号12812345678'],
    ['a second digit 0', '10012345678'],
    ['10 digits', '1381234567'],
    ['12 digits starting like a mobile number', '138123456789'],
    ['a 12-digit community code', '服务社区320505001001'],
    ['a 9-digit subdistrict code', '320505001'],
    ['17 digits', '32050519900101123'],
    ['19 digits (another kind of number)', '3205051990010112345'],
    ['a USCC', '统一社会信用代码51320505MJ0000012X'],
    ['a date and an amount', '2024-01-01 支出 13,800,000 元'],
    ['a landline number', '0512-68251234'],
    ['empty text', ''],
    ['ordinary prose', '本会为辖区老年人提供助餐、助浴服务，每周一至周五开放。'],
  ])('ignores %s', (_label, text) => {
    expect(findPersonalData(text)).toEqual([]);
    expect(containsPersonalData(text)).toBe(false);
  });

  it('containsPersonalData agrees with findPersonalData', () => {
    expect(containsPersonalData('电话13812345678')).toBe(true);
  });
});
