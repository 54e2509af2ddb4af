/**
 * Bureau staff read error messages in Chinese: every code of the one table has a Simplified
 * Chinese message, and `errorMessage` gives each code's message in the language asked for.
 */
import { describe, expect, it } from 'vitest';
import { errorCodeList, errorCodes, errorMessage } from '../../src/errors/index.js';

const han = /\p{Script=Han}/u;

describe('the Chinese message of every error code', () => {
  it.each(errorCodeList)('%s has a Chinese message', (code) => {
    const message = errorCodes[code].messageZh;
    expect(message.trim()).toBe(message);
    expect(message.length).toBeGreaterThan(0);
    expect(message).toMatch(han);
    // Chinese sentences end without an English full stop.
    expect(message).not.toMatch(/\.$/);
  });

  it('no two codes share one Chinese message, so a reader can tell them apart', () => {
    const byMessage = new Map<string, string[]>();
    for (const code of errorCodeList) {
      const message = errorCodes[code].messageZh;
      byMessage.set(message, [...(byMessage.get(message) ?? []), code]);
    }
    expect([...byMessage.values()].filter((codes) => codes.length > 1)).toEqual([]);
  });

  it('errorMessage gives the English description or the Chinese message', () => {
    expect(errorMessage('INVALID_USCC', 'zh')).toBe('统一社会信用代码格式不正确（GB 32100-2015）');
    expect(errorMessage('INVALID_USCC', 'en')).toBe(errorCodes.INVALID_USCC.description);
  });
});
