import { parseIsoDate, SansheError } from '@sanshe/core';
import { builder } from '../builder.js';

builder.scalarType('Date', {
  description: 'A calendar date, YYYY-MM-DD (China Standard Time).',
  serialize: (value) => value,
  parseValue: (value) => {
    const parsed = parseIsoDate(value);
    if (!parsed.success) throw SansheError.fromIssue(parsed.error);
    return parsed.data;
  },
});

builder.scalarType('DateTime', {
  description: 'An instant, ISO 8601 with offset.',
  serialize: (value) => new Date(value).toISOString(),
  parseValue: (value) => {
    if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
      throw new SansheError('INVALID_DATE', 'Expected an ISO 8601 date-time.');
    }
    return value;
  },
});
