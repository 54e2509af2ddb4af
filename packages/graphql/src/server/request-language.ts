import type { MessageLanguage } from '@sanshe/core';

/** At most this many language ranges are read from one header; the rest are ignored. */
const maxRanges = 32;
const rangePattern = /^(?:\*|[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*)$/;
const weightPattern = /^q=(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/i;

/**
 * The language of a request's error messages, from its `Accept-Language` header (RFC 9110
 * §12.5.4): Simplified Chinese when the caller weights Chinese above English, English otherwise
 * (also without the header, or when it names neither).
 *
 * Every range whose primary subtag is `zh` counts as Chinese: `zh`, `zh-CN`, `zh-Hans`,
 * `zh-Hans-CN`, and also `zh-TW` or `zh-Hant`, whose readers read Simplified Chinese better than
 * English, the only other language there is. A language's weight is that of its best range, `*`
 * gives its weight to a language no range names, `q=0` refuses a language, and a range with a
 * malformed weight is ignored. On equal weights the language named first wins.
 */
export function messageLanguageOf(acceptLanguage: string | null | undefined): MessageLanguage {
  if (!acceptLanguage) return 'en';
  const best: Record<MessageLanguage | '*', { weight: number; position: number } | undefined> = {
    en: undefined,
    zh: undefined,
    '*': undefined,
  };
  acceptLanguage
    .split(',')
    .slice(0, maxRanges)
    .forEach((entry, position) => {
      const [rangeText = '', ...parameters] = entry.split(';').map((part) => part.trim());
      if (!rangePattern.test(rangeText)) return;
      let weight = 1;
      for (const parameter of parameters) {
        if (!/^q=/i.test(parameter)) continue;
        const match = weightPattern.exec(parameter);
        if (!match) return;
        weight = Number(match[1]);
      }
      const primary = rangeText.split('-')[0]!.toLowerCase();
      const language = primary === 'zh' || primary === 'en' || primary === '*' ? primary : undefined;
      if (!language) return;
      const current = best[language];
      if (!current || weight > current.weight) best[language] = { weight, position };
    });
  const chinese = best.zh ?? best['*'];
  const english = best.en ?? best['*'];
  if (!chinese || chinese.weight === 0) return 'en';
  if (!english || english.weight === 0) return 'zh';
  if (chinese.weight !== english.weight) return chinese.weight > english.weight ? 'zh' : 'en';
  return chinese.position < english.position ? 'zh' : 'en';
}

/** The `Accept-Language` a gateway sends on when it asks another for an answer in `language`. */
export function acceptLanguageFor(language: MessageLanguage): string {
  return language === 'zh' ? 'zh-CN' : 'en';
}
