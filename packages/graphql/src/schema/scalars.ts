import { parseIsoDate, SansheError } from '@sanshe/core';
import { Kind, valueFromASTUntyped } from 'graphql';
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

// Amounts of money are integer fen (分) throughout sanshe, so no rounding ever happens. GraphQL's
// Int stops at 2^31 − 1 fen (about 21 million yuan), less than a district's yearly budget line:
// Fen carries any safe integer (up to 2^53 − 1) as a JSON number.
builder.scalarType('Fen', {
  description:
    'An amount of money in integer fen (分; 100 fen = 1 yuan), a whole number from −(2^53 − 1) to 2^53 − 1, as a JSON number.',
  serialize: (value) => value,
  parseValue: (value) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      throw new SansheError(
        'INVALID_NUMBER',
        'Expected an amount in whole fen (an integer, 100 fen = 1 yuan).',
      );
    }
    return value;
  },
});

// Grid boundaries are GeoJSON geometries (RFC 7946). The scalar carries the object as it is, and
// takes an object or its JSON text: core parses it (parseGridGeometry), so a faulty geometry comes
// back as a typed INVALID_GEOMETRY naming the position at fault, not as a failed request.
builder.scalarType('GeoJSON', {
  description:
    'A GeoJSON object (RFC 7946), longitude first, as JSON. On input an object or its JSON text; a grid boundary is a Polygon or MultiPolygon (or a Feature holding one).',
  serialize: (value) => value,
  parseValue: (value) => {
    if (typeof value !== 'string' && (typeof value !== 'object' || value === null)) {
      throw new SansheError('INVALID_GEOMETRY', 'Expected a GeoJSON object or its JSON text.');
    }
    return value;
  },
  parseLiteral: (ast, variables) => {
    if (ast.kind !== Kind.OBJECT && ast.kind !== Kind.STRING && ast.kind !== Kind.VARIABLE) {
      throw new SansheError('INVALID_GEOMETRY', 'Expected a GeoJSON object or its JSON text.');
    }
    return valueFromASTUntyped(ast, variables);
  },
});
