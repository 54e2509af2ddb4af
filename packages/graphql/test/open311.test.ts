/**
 * Open311 GeoReport v2 at `/open311/v2/` over real HTTP with signed tokens (server/open311-route.ts,
 * docs/domain.md §7.7), held to the specification's own examples (test/fixtures/open311/): the
 * service list and a definition, the example POST adapted to the test district (its point moved
 * into a grid, its service code one of ours, its phone a mobile number core accepts) and the
 * example answers' fields and types, GET requests with the specification's query parameters, the
 * anonymised reading, the errors the specification names, XML beside JSON, a request followed
 * through dispatch and closure, and a city gateway forwarding to the district's gateway.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGridEventService } from '@sanshe/core';
import { gridEvents } from '@sanshe/core/schema';
import { createTestDistrictDatabase, snapshotDatabase } from '@sanshe/core/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGridDistrict,
  DISTRICT,
  FENGQIAO,
  GRID_1,
  type GridDistrict,
  points,
  SHISHAN,
} from '../../core/test/grid-events/fixture.js';
import {
  createGateway,
  createLocalDistrictSource,
  type ListeningGateway,
  listen,
  type TokenClaims,
} from '../src/index.js';
import { testAuth, testServiceToken, testToken } from './support/demo-gateway.js';
import { remoteDistrict } from './support/remote-districts.js';

// biome-ignore lint/suspicious/noExplicitAny: tests read loosely shaped JSON
type Loose = any;

const OTHER_DISTRICT = '320506';
const fixtures = join(import.meta.dirname, 'fixtures', 'open311');

const service: TokenClaims = { sub: 'open311-app', role: 'SERVICE', district: DISTRICT };
const otherService: TokenClaims = { sub: 'hotline-12345', role: 'SERVICE', district: DISTRICT };
const resident: TokenClaims = { sub: 'app-user-1001', role: 'RESIDENT', district: DISTRICT };
const resident2: TokenClaims = { sub: 'app-user-1002', role: 'RESIDENT', district: DISTRICT };
const shishanStaff: TokenClaims = {
  sub: 'sq-ss-01',
  role: 'COMMUNITY_STAFF',
  district: DISTRICT,
  community: SHISHAN,
};
const fengqiaoStaff: TokenClaims = {
  sub: 'sq-fq-01',
  role: 'COMMUNITY_STAFF',
  district: DISTRICT,
  community: FENGQIAO,
};

/** A point inside 网格一 of 狮山社区 with more decimals than an anonymised reading keeps. */
const sinkhole = { latitude: 31.30561, longitude: 120.50437 };

let d: GridDistrict;
let district: ListeningGateway;
let city: ListeningGateway;
const keys = {} as Record<
  'service' | 'otherService' | 'resident' | 'resident2' | 'shishan' | 'fengqiao',
  string
>;

// ---------------------------------------------------------------------------------------------
// The specification's examples, and how ours are compared with them.

function fixture(name: string): string {
  return readFileSync(join(fixtures, name), 'utf8');
}

/**
 * A JSON example of the specification as a value. Three write numbers with leading zeros
 * (`"service_code":001`), which JSON forbids: such a number is read as the string it stands for,
 * as the XML examples hold it. An example that starts with an HTTP status line gives it too.
 */
function jsonExample(name: string): { status: number | null; body: Loose } {
  let text = fixture(name);
  let status: number | null = null;
  const statusLine = /^HTTP\/1\.1 (\d{3}) [^\n]*\n\n/.exec(text);
  if (statusLine) {
    status = Number(statusLine[1]);
    text = text.slice(statusLine[0].length);
  }
  return { status, body: JSON.parse(text.replace(/("[a-z_]+":)(0\d+)/g, '$1"$2"')) };
}

type Kind = 'null' | 'string' | 'number' | 'boolean' | 'array' | 'object';
function kindOf(value: unknown): Kind {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value as Kind;
}

/**
 * The fields the specification's JSON writes as numbers but that are identifiers, which its XML
 * cannot type: ours are strings (`320505-42`, a grid code, an urgency key, one of sanshe's error
 * codes).
 */
const identifiers = new Set(['service_request_id', 'address_id', 'key', 'code']);
/** Fields the specification shows with a value that sanshe has none of: always null here. */
const noneHere = new Set(['zipcode']);

/**
 * Ours has exactly the example's fields, each of the example's JSON type, recursively through
 * lists and objects; except identifiers (strings here), fields sanshe has no value of (null), a
 * field the example leaves null (then ours may hold a value, or be null too: the specification
 * says it "may not be returned") and a field ours leaves null that the example fills (a request
 * read anonymised has no description).
 */
function expectShapeOf(ours: Loose, example: Loose, path = '$'): void {
  const exampleKind = kindOf(example);
  const ourKind = kindOf(ours);
  if (exampleKind === 'array') {
    expect(ourKind, path).toBe('array');
    expect(ours.length, `${path} is not empty`).toBeGreaterThan(0);
    for (const [index, item] of (ours as unknown[]).entries()) {
      expectShapeOf(item, example[Math.min(index, example.length - 1)], `${path}[${index}]`);
    }
    return;
  }
  if (exampleKind === 'object') {
    expect(ourKind, path).toBe('object');
    expect(Object.keys(ours).sort(), `${path}'s fields`).toEqual(Object.keys(example).sort());
    for (const field of Object.keys(example)) {
      const here = `${path}.${field}`;
      if (noneHere.has(field)) expect(ours[field], here).toBeNull();
      else if (identifiers.has(field)) expect(kindOf(ours[field]), here).toBe('string');
      else if (example[field] === null || ours[field] === null) continue;
      else expectShapeOf(ours[field], example[field], here);
    }
    return;
  }
  expect(ourKind, path).toBe(exampleKind);
}

interface XmlElement {
  name: string;
  children: XmlElement[];
  text: string;
}

/**
 * A strict reader of the XML the specification uses (a declaration, elements without attributes,
 * text with the five entities and character references): it throws on anything else, an
 * unclosed or mismatched element included, so a malformed answer fails the test.
 */
function readXml(text: string): XmlElement {
  let at = 0;
  const declaration = /^\s*<\?xml version="1\.0" encoding="(?:utf|UTF)-8"\?>\s*/.exec(text);
  if (!declaration) throw new Error('no XML declaration with encoding UTF-8');
  at = declaration[0].length;
  const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  const decode = (raw: string) =>
    raw.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (_, entity: string) => {
      if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
      if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)));
      if (!(entity in entities)) throw new Error(`unknown entity &${entity};`);
      return entities[entity]!;
    });
  function element(): XmlElement {
    const open = /^<([A-Za-z_][\w.-]*)\s*(\/?)>/.exec(text.slice(at));
    if (!open) throw new Error(`expected an element at ${at}: ${text.slice(at, at + 40)}`);
    at += open[0].length;
    const node: XmlElement = { name: open[1]!, children: [], text: '' };
    if (open[2] === '/') return node;
    for (;;) {
      const textRun = /^[^<]*/.exec(text.slice(at))![0];
      if (/[&]/.test(textRun) && !/&(#x[0-9a-f]+|#\d+|[a-z]+);/i.test(textRun)) throw new Error('bare &');
      node.text += decode(textRun);
      at += textRun.length;
      const close = /^<\/([A-Za-z_][\w.-]*)\s*>/.exec(text.slice(at));
      if (close) {
        if (close[1] !== node.name) throw new Error(`</${close[1]}> closes <${node.name}>`);
        at += close[0].length;
        return node;
      }
      node.children.push(element());
    }
  }
  const root = element();
  if (text.slice(at).trim() !== '') throw new Error('content after the root element');
  return root;
}

/** An element's structure: each child name, merged over repeated children, recursively. */
type XmlShape = { [name: string]: XmlShape };
function shapeOf(node: XmlElement): XmlShape {
  const shape: XmlShape = {};
  for (const child of node.children) {
    const merged = shape[child.name] ?? {};
    for (const [name, inner] of Object.entries(shapeOf(child))) merged[name] = { ...merged[name], ...inner };
    shape[child.name] = merged;
  }
  return shape;
}
function xmlShape(text: string): { root: string; shape: XmlShape } {
  const root = readXml(text);
  return { root: root.name, shape: shapeOf(root) };
}

// ---------------------------------------------------------------------------------------------
// HTTP.

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: Loose;
}

async function answerOf(response: Response): Promise<Answer> {
  const text = await response.text();
  let body: Loose;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, text, body };
}

function get(
  path: string,
  options: { key?: string; header?: string; origin?: string } = {},
): Promise<Answer> {
  const url = new URL(`${options.origin ?? district.origin}/open311/v2/${path}`);
  if (options.key) url.searchParams.set('api_key', options.key);
  return fetch(url, { headers: options.header ? { authorization: `Bearer ${options.header}` } : {} }).then(
    answerOf,
  );
}

function post(
  fields: Record<string, string> | URLSearchParams,
  options: { format?: 'json' | 'xml'; origin?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  return fetch(`${options.origin ?? district.origin}/open311/v2/requests.${options.format ?? 'json'}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...options.headers },
    body: new URLSearchParams(fields).toString(),
  }).then(answerOf);
}

/** The specification's example POST, adapted to the test district and sent with `key`. */
function exampleRequest(key: string): URLSearchParams {
  const body = fixture('post-request.http.txt').split('\n\n')[1]!.trim();
  const params = new URLSearchParams(body);
  params.set('api_key', key);
  params.set('jurisdiction_id', DISTRICT);
  // "A large sinkhole is destroying the street": 路面塌陷 in the classification.
  params.set('service_code', 'E0401');
  params.set('lat', String(sinkhole.latitude));
  params.set('long', String(sinkhole.longitude));
  // The example's 111111111 is no phone number in China; core seals mobile numbers.
  params.set('phone', '13912345678');
  return params;
}

async function eventOf(serviceRequestId: string) {
  const id = Number(serviceRequestId.split('-')[1]);
  const [row] = await d.database.db.select().from(gridEvents).where(eq(gridEvents.id, id));
  return row!;
}

beforeAll(async () => {
  d = await createGridDistrict();
  const other = await createTestDistrictDatabase({ districtCode: OTHER_DISTRICT });
  district = await listen(
    createGateway({
      districts: [createLocalDistrictSource(d.database)],
      auth: testAuth,
      serviceToken: testServiceToken,
      logging: false,
      overdueCheckMinutes: 0,
    }),
    { port: 0 },
  );
  // A city gateway over the district's gateway (remote) and a district of its own (local).
  city = await listen(
    createGateway({
      districts: [remoteDistrict(DISTRICT, district.origin), createLocalDistrictSource(other)],
      auth: testAuth,
      logging: false,
      overdueCheckMinutes: 0,
    }),
    { port: 0 },
  );
  keys.service = await testToken(service);
  keys.otherService = await testToken(otherService);
  keys.resident = await testToken(resident);
  keys.resident2 = await testToken(resident2);
  keys.shishan = await testToken(shishanStaff);
  keys.fengqiao = await testToken(fengqiaoStaff);
}, 120_000);

afterAll(async () => {
  await city?.close();
  // The district gateway closes the district database it serves.
  await district?.close();
});

describe('services', () => {
  it('GET services.json lists every second-level category with the fields and types of the specification’s example', async () => {
    const answer = await get(`services.json?jurisdiction_id=${DISTRICT}`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expectShapeOf(answer.body, jsonExample('services.json.txt').body);
    const codes = answer.body.map((entry: Loose) => entry.service_code);
    expect(codes).toContain('E0401');
    expect(codes.every((code: string) => /^[CES]\d{4}$/.test(code))).toBe(true);
    expect(answer.body.find((entry: Loose) => entry.service_code === 'E0101')).toEqual({
      service_code: 'E0101',
      service_name: '暴露垃圾',
      description: '城市管理事件·市容环境：暴露垃圾',
      metadata: true,
      type: 'realtime',
      keywords: '暴露垃圾, 市容环境, E0101, E01',
      group: '市容环境',
    });
    // jurisdiction_id may be left out where the gateway serves one district.
    expect((await get('services.json')).body).toEqual(answer.body);
  });

  it('GET services.xml has the elements of the specification’s XML example', async () => {
    const answer = await get('services.xml');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    expect(xmlShape(answer.text)).toEqual(xmlShape(fixture('services.xml')));
    const root = readXml(answer.text);
    const e0101 = root.children.find((child) => child.children[0]?.text === 'E0101')!;
    expect(e0101.children.map((child) => [child.name, child.text])).toContainEqual([
      'service_name',
      '暴露垃圾',
    ]);
  });

  it('GET services/E0101.json: urgency as a single value list, the time limits in force, as the specification’s example', async () => {
    const answer = await get('services/E0101.json');
    expect(answer.status).toBe(200);
    expectShapeOf(
      { ...answer.body, attributes: [answer.body.attributes[0]] },
      jsonExample('service-definition.json.txt').body,
    );
    expect(answer.body.attributes[0]).toMatchObject({
      variable: true,
      code: 'urgency',
      datatype: 'singlevaluelist',
      required: false,
      order: 1,
      values: [
        { key: 'routine', name: '一般' },
        { key: 'urgent', name: '紧急' },
        { key: 'emergency', name: '特急' },
      ],
    });
    // The informational attribute says policy grid.event_time_limits' default of the district.
    expect(answer.body.attributes[1]).toMatchObject({ variable: false, code: 'time_limit', order: 2 });
    expect(answer.body.attributes[1].description).toContain('一般7个工作日内，紧急3个工作日内，特急当日办结');
    const xml = await get('services/E0101.xml');
    expect(xmlShape(xml.text)).toEqual(xmlShape(fixture('service-definition.xml')));
  });

  it('an unknown service_code is 404 in Open311’s error format, in JSON and XML', async () => {
    const answer = await get('services/X9999.json');
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual([
      { code: 'NOT_FOUND', description: expect.stringContaining('service_code') },
    ]);
    const xml = await get('services/E01.xml');
    expect(xml.status).toBe(404);
    expect(xmlShape(xml.text)).toEqual(xmlShape(fixture('error-403.xml.txt').split('\n\n')[1]!));
  });
});

describe('POST requests', () => {
  let exampleId: string;

  it('the specification’s example request, adapted to the district, files a grid event and answers as the example', async () => {
    const answer = await post(exampleRequest(keys.service));
    expect(answer.status).toBe(200);
    expectShapeOf(answer.body, jsonExample('post-request-response.json.txt').body);
    const [created] = answer.body;
    expect(created.service_request_id).toMatch(/^320505-\d+$/);
    expect(created.account_id).toBe('123456');
    // 路面塌陷 (E04, sudden events) is closed the next working day by the policy's default.
    expect(created.service_notice).toMatch(
      /^已受理。.*时限为派遣后1个工作日内办结；如今日派遣，最迟于\d{4}年\d{1,2}月\d{1,2}日办结/,
    );
    exampleId = created.service_request_id;

    const event = await eventOf(exampleId);
    expect(event).toMatchObject({
      unitCode: GRID_1,
      categoryCode: 'E0401',
      urgency: 'routine',
      source: 'open311',
      state: 'collected',
      description: 'A large sinkhole is destroying the street',
      address: '1234 5th street',
      mediaUrl: 'http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg',
      latitude: sinkhole.latitude,
      longitude: sinkhole.longitude,
      // The service reports for its user: the same person can follow it with the service's key.
      reportedBy: 'open311-app:123456',
      reporterRole: 'SERVICE',
      reporterPhoneMasked: '139****5678',
    });
    expect(event.title).toBe('路面塌陷：A large sinkhole is destroying the street');
    // The name and e-mail are never stored, nor the phone in clear, nor the unknown attributes.
    const stored = JSON.stringify(await snapshotDatabase(d.database));
    for (const secret of ['smit333', 'sfgov.edu', '"john"', 'smith', '13912345678', 'COISL001', 'WHISPAWN']) {
      expect(stored, secret).not.toContain(secret);
    }
  });

  it('the same request as XML answers the elements of the specification’s XML example', async () => {
    const answer = await post(exampleRequest(keys.service), { format: 'xml' });
    expect(answer.status).toBe(200);
    expect(xmlShape(answer.text)).toEqual(xmlShape(fixture('post-request-response.xml')));
    expect(readXml(answer.text).children[0]!.children[0]!.text).toMatch(/^320505-\d+$/);
  });

  it('a resident’s key reports as the resident, and the Authorization header is a key as api_key is', async () => {
    const fields = exampleRequest(keys.resident);
    fields.delete('api_key');
    const answer = await post(fields, { headers: { authorization: `Bearer ${keys.resident}` } });
    expect(answer.status).toBe(200);
    const event = await eventOf(answer.body[0].service_request_id);
    expect([event.reportedBy, event.reporterRole]).toEqual(['app-user-1001', 'RESIDENT']);
    // Both, with different keys, is refused.
    const both = await post(exampleRequest(keys.service), {
      headers: { authorization: `Bearer ${keys.resident}` },
    });
    expect([both.status, both.body[0].code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('without a key 401, with an invalid key 403 as the specification’s error example, with a staff key 403; nothing changes', async () => {
    const before = await snapshotDatabase(d.database);
    const noKey = exampleRequest('');
    noKey.delete('api_key');
    const missing = await post(noKey);
    expect([missing.status, missing.body[0].code]).toEqual([401, 'UNAUTHENTICATED']);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');

    const example = jsonExample('error-403.json.txt');
    const invalid = await post(exampleRequest(`${keys.service.slice(0, -4)}AAAA`));
    expect(invalid.status).toBe(example.status);
    expectShapeOf(invalid.body, example.body);
    expect(invalid.body[0]).toEqual({
      code: 'UNAUTHENTICATED',
      description: expect.stringMatching(/^api_key: invalid/),
    });
    const invalidXml = await post(exampleRequest('not-a-token'), { format: 'xml' });
    const xmlExample = fixture('error-403.xml.txt');
    expect(invalidXml.status).toBe(Number(/^HTTP\/1\.1 (\d{3})/.exec(xmlExample)![1]));
    expect(xmlShape(invalidXml.text)).toEqual(xmlShape(xmlExample.split('\n\n')[1]!));

    const staff = await post(exampleRequest(keys.shishan));
    expect([staff.status, staff.body[0].code]).toEqual([403, 'FORBIDDEN']);
    expect(await snapshotDatabase(d.database)).toEqual(before);
  });

  it('a point outside every grid is 400 POINT_OUTSIDE_GRID, described; nothing changes', async () => {
    const before = await snapshotDatabase(d.database);
    const fields = exampleRequest(keys.service);
    fields.set('lat', String(points.nowhere.latitude));
    fields.set('long', String(points.nowhere.longitude));
    const answer = await post(fields);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual([
      {
        code: 'POINT_OUTSIDE_GRID',
        description: expect.stringMatching(
          /^lat\/long: The point \(120\.6, 31\.4\) lies in no grid of district 320505/,
        ),
      },
    ]);
    // In Chinese when asked: the code's meaning first, then the specific text.
    const zh = await post(fields, { headers: { 'accept-language': 'zh-CN' } });
    expect(zh.body[0].description).toMatch(/^[^A-Za-z]+：lat\/long: /);
    expect(await snapshotDatabase(d.database)).toEqual(before);
  });

  it('refuses what it cannot file, each with its code, and changes nothing', async () => {
    const before = await snapshotDatabase(d.database);
    const refusal = async (change: (fields: URLSearchParams) => void) => {
      const fields = exampleRequest(keys.service);
      change(fields);
      const answer = await post(fields);
      return [answer.status, answer.body[0].code, answer.body[0].description];
    };
    // address_string alone: sanshe does not geocode, and says why.
    expect(
      await refusal((f) => {
        f.delete('lat');
        f.delete('long');
      }),
    ).toEqual([400, 'VALIDATION_FAILED', expect.stringContaining('address_string alone is not enough')]);
    expect(await refusal((f) => f.delete('long'))).toEqual([
      400,
      'VALIDATION_FAILED',
      'lat/long: both are sent, or neither.',
    ]);
    expect(await refusal((f) => f.set('lat', 'north'))).toEqual([
      400,
      'INVALID_NUMBER',
      expect.stringMatching(/^lat: /),
    ]);
    expect(await refusal((f) => f.set('description', '路'.repeat(2001)))).toEqual([
      400,
      'INVALID_TEXT',
      expect.stringContaining('GeoReport v2 allows 4,000'),
    ]);
    expect(await refusal((f) => f.set('service_code', '001'))).toEqual([
      404,
      'NOT_FOUND',
      expect.stringMatching(/^service_code: /),
    ]);
    expect(await refusal((f) => f.delete('service_code'))).toEqual([
      400,
      'VALIDATION_FAILED',
      expect.stringMatching(/^service_code: /),
    ]);
    expect(await refusal((f) => f.set('attribute[urgency]', 'soon'))).toEqual([
      400,
      'INVALID_CODE_LIST_VALUE',
      expect.stringMatching(/^attribute\[urgency\]: /),
    ]);
    expect(await refusal((f) => f.set('media_url', 'javascript:alert(1)'))).toEqual([
      400,
      'VALIDATION_FAILED',
      expect.stringMatching(/^media_url: /),
    ]);
    expect(await refusal((f) => f.set('phone', '12345'))).toEqual([
      400,
      'INVALID_MOBILE_PHONE',
      expect.stringMatching(/^phone: /),
    ]);
    expect(await refusal((f) => f.set('address_id', '320505009009001'))).toEqual([
      400,
      'NOT_FOUND',
      expect.stringMatching(/^address_id: /),
    ]);
    // A point outside the grid address_id names.
    expect(await refusal((f) => f.set('address_id', `${FENGQIAO}001`))).toEqual([
      400,
      'POINT_OUTSIDE_GRID',
      expect.stringMatching(/^lat\/long: .* lies outside grid 320505002001001/),
    ]);
    expect(await refusal((f) => f.set('jurisdiction_id', OTHER_DISTRICT))).toEqual([
      404,
      'DISTRICT_NOT_SERVED',
      expect.stringMatching(/^jurisdiction_id: /),
    ]);
    expect(await snapshotDatabase(d.database)).toEqual(before);
  });

  it('address_id alone files the request under that grid; urgency is taken from its attribute', async () => {
    const fields = exampleRequest(keys.service);
    fields.delete('lat');
    fields.delete('long');
    fields.set('address_id', `${FENGQIAO}001`);
    fields.set('attribute[urgency]', 'urgent');
    const answer = await post(fields);
    expect(answer.status).toBe(200);
    const event = await eventOf(answer.body[0].service_request_id);
    expect([event.unitCode, event.urgency, event.latitude]).toEqual([`${FENGQIAO}001`, 'urgent', null]);
  });
});

describe('GET requests', () => {
  let id: string;

  beforeAll(async () => {
    const answer = await post(exampleRequest(keys.service));
    id = answer.body[0].service_request_id;
  });

  it('GET requests.json with the specification’s query parameters answers the example’s fields and types', async () => {
    const start = new Date(Date.now() - 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const end = new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const answer = await get(
      `requests.json?start_date=${start}&end_date=${end}&status=open&jurisdiction_id=${DISTRICT}`,
    );
    expect(answer.status).toBe(200);
    expectShapeOf(answer.body, jsonExample('service-requests.json.txt').body);
    expect(answer.body.map((request: Loose) => request.service_request_id)).toContain(id);
    expect(answer.body.every((request: Loose) => request.status === 'open')).toBe(true);
    const xml = await get(`requests.xml?start_date=${start}&end_date=${end}&status=open`);
    expect(xmlShape(xml.text)).toEqual(xmlShape(fixture('service-requests.xml')));
    // Closed only: none of these, as none is closed yet.
    const closed = await get(`requests.json?start_date=${start}&end_date=${end}&status=closed`);
    expect(closed.body.map((request: Loose) => request.service_request_id)).not.toContain(id);
    // service_code narrows; another code leaves the request out.
    const sinkholes = await get('requests.json?service_code=E0401');
    expect(sinkholes.body.every((request: Loose) => request.service_code === 'E0401')).toBe(true);
    expect(
      (await get('requests.json?service_code=E0101,C0101')).body.map((r: Loose) => r.service_request_id),
    ).not.toContain(id);
  });

  it('read without the reporter’s key it is anonymised; its reporter and the staff over its grid read it in full', async () => {
    const one = async (options: { key?: string; header?: string } = {}) => {
      const answer = await get(`requests/${id}.json`, options);
      expect(answer.status).toBe(200);
      expect(answer.body).toHaveLength(1);
      return answer.body[0];
    };
    const anonymised = {
      service_request_id: id,
      status: 'open',
      status_notes: '待派遣',
      service_name: '路面塌陷',
      service_code: 'E0401',
      description: null,
      agency_responsible: null,
      service_notice: '待网格中心派遣，时限自派遣之日起算。',
      expected_datetime: null,
      address: '狮山社区网格一',
      address_id: GRID_1,
      zipcode: null,
      lat: 31.306,
      long: 120.504,
      media_url: null,
    };
    const anonymous = await one();
    expect(anonymous).toMatchObject(anonymised);
    expect(anonymous.requested_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
    expect(anonymous.updated_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
    expectShapeOf([anonymous], jsonExample('service-request.json.txt').body);
    // Another service, another resident, the staff of another community: the same.
    expect(await one({ key: keys.otherService })).toMatchObject(anonymised);
    expect(await one({ key: keys.resident2 })).toMatchObject(anonymised);
    expect(await one({ header: keys.fengqiao })).toMatchObject(anonymised);

    const inFull = {
      ...anonymised,
      description: 'A large sinkhole is destroying the street',
      address: '1234 5th street，狮山社区网格一',
      lat: sinkhole.latitude,
      long: sinkhole.longitude,
      media_url: 'http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg',
    };
    expect(await one({ key: keys.service })).toMatchObject(inFull);
    expect(await one({ header: keys.shishan })).toMatchObject(inFull);
  });

  it('requests about people (the S… classes) are listed to no one who would read them anonymised', async () => {
    const fields = exampleRequest(keys.resident);
    fields.set('service_code', 'S0302');
    fields.set('description', '楼上独居老人几天没开门了');
    const reported = await post(fields);
    expect(reported.status).toBe(200);
    const personal = reported.body[0].service_request_id;
    expect((await get(`requests/${personal}.json`)).status).toBe(404);
    expect((await get(`requests/${personal}.json`, { key: keys.resident2 })).status).toBe(404);
    expect((await get('requests.json')).body.map((r: Loose) => r.service_request_id)).not.toContain(personal);
    expect(
      (await get(`requests.json?service_request_id=${personal},${id}`)).body.map(
        (r: Loose) => r.service_request_id,
      ),
    ).toEqual([id]);
    const own = await get(`requests/${personal}.json`, { key: keys.resident });
    expect([own.status, own.body[0].description]).toEqual([200, '楼上独居老人几天没开门了']);
    expect((await get(`requests/${personal}.json`, { header: keys.shishan })).body[0].description).toBe(
      '楼上独居老人几天没开门了',
    );
  });

  it('GET requests with service_request_id overrides the other parameters; unknown ids are 404 or left out', async () => {
    const listed = await get(
      `requests.json?service_request_id=${id},320505-999999,${OTHER_DISTRICT}-1&status=closed`,
    );
    expect(listed.body.map((r: Loose) => r.service_request_id)).toEqual([id]);
    for (const missing of ['320505-999999', `${OTHER_DISTRICT}-1`, 'abc', '320505-0']) {
      const answer = await get(`requests/${missing}.json`);
      expect([answer.status, answer.body[0].code], missing).toEqual([404, 'NOT_FOUND']);
    }
  });

  it('refuses malformed parameters with the specification’s 400', async () => {
    const codeOf = async (query: string) => {
      const answer = await get(`requests.json?${query}`);
      return [answer.status, answer.body[0]?.code];
    };
    expect(await codeOf('start_date=2026-01-01')).toEqual([400, 'INVALID_DATE']);
    expect(await codeOf('start_date=2026-01-01T00:00:00')).toEqual([400, 'INVALID_DATE']);
    expect(await codeOf('start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z')).toEqual([
      400,
      'INVALID_DATE_RANGE',
    ]);
    expect(await codeOf('start_date=2026-02-01T00:00:00Z&end_date=2026-01-01T00:00:00Z')).toEqual([
      400,
      'INVALID_DATE_RANGE',
    ]);
    expect(await codeOf('status=pending')).toEqual([400, 'INVALID_CODE_LIST_VALUE']);
    expect(await codeOf('service_code=E01')).toEqual([400, 'INVALID_CODE_LIST_VALUE']);
    expect(await codeOf('service_request_id=42')).toEqual([400, 'INVALID_ID']);
    // An empty parameter is no parameter ("Optional Arguments").
    expect(await codeOf('status=&service_code=&start_date=')).toEqual([200, undefined]);
  });
});

describe('a request followed to its closure', () => {
  it('reported through Open311, dispatched, handled and closed: its status turns closed with the closing note', async () => {
    const fields = exampleRequest(keys.service);
    fields.set('service_code', 'E0101');
    fields.set('description', '小区门口垃圾堆放三天无人清运');
    fields.set('account_id', 'u-42');
    const reported = await post(fields);
    const id: string = reported.body[0].service_request_id;
    const read = async (key?: string) => (await get(`requests/${id}.json`, key ? { key } : {})).body[0];
    expect(await read(keys.service)).toMatchObject({
      status: 'open',
      status_notes: '待派遣',
      agency_responsible: null,
    });

    const eventId = Number(id.split('-')[1]);
    const as = (actor: GridDistrict['actors'][keyof GridDistrict['actors']]) =>
      createGridEventService(d.database, { actor });
    const dispatched = await as(d.actors.centre).dispatch({ eventId });
    const open = await read(keys.service);
    expect(open).toMatchObject({
      status: 'open',
      status_notes: '待受理',
      agency_responsible: '虎丘区城市管理局',
      expected_datetime: `${dispatched.closeDueOn}T23:59:59+08:00`,
      service_notice: expect.stringMatching(/^须于\d{4}年\d{1,2}月\d{1,2}日前办结。$/),
    });
    await as(d.actors.cg).accept({ eventId });
    await as(d.actors.cg).feedBack({ eventId, result: '已组织清运，现场已清理。' });
    expect(await read(keys.service)).toMatchObject({ status: 'open', status_notes: '待核查' });
    const closed = await as(d.actors.shishan).close({ eventId, note: '经核查已清理完毕，结案。' });

    const reporter = await read(keys.service);
    const closedAt = new Date(closed.closedAt!);
    expect(reporter).toMatchObject({
      status: 'closed',
      status_notes: '经核查已清理完毕，结案。',
      agency_responsible: '虎丘区城市管理局',
      description: '小区门口垃圾堆放三天无人清运',
      service_notice: expect.stringMatching(/^已于\d{4}年\d{1,2}月\d{1,2}日办结。$/),
    });
    expect(Date.parse(reporter.updated_datetime)).toBe(Math.floor(closedAt.getTime() / 1000) * 1000);
    // Anyone else reads the state's name, not the verifier's note.
    expect(await read()).toMatchObject({ status: 'closed', status_notes: '已结案', description: null });
    const listed = await get('requests.json?status=closed');
    expect(listed.body.map((request: Loose) => request.service_request_id)).toContain(id);
  });
});

describe('the route itself', () => {
  it('answers unknown resources, other methods and tokens in Open311’s format', async () => {
    const unknown = await get('reports.json');
    expect([unknown.status, unknown.body[0].code]).toEqual([404, 'NOT_FOUND']);
    const csv = await get('services.csv');
    expect([csv.status, csv.body[0].code]).toEqual([404, 'NOT_FOUND']);
    const tokens = await get('tokens/123.json');
    expect([tokens.status, tokens.body[0].description]).toEqual([404, expect.stringContaining('realtime')]);
    const deleted = await fetch(`${district.origin}/open311/v2/requests.json`, { method: 'DELETE' }).then(
      answerOf,
    );
    expect([deleted.status, deleted.headers.get('allow'), deleted.body[0].code]).toEqual([
      405,
      'GET, POST',
      'BAD_REQUEST',
    ]);
    const posted = await fetch(`${district.origin}/open311/v2/services.json`, { method: 'POST' }).then(
      answerOf,
    );
    expect([posted.status, posted.headers.get('allow')]).toEqual([405, 'GET']);
    const json = await fetch(`${district.origin}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    }).then(answerOf);
    expect([json.status, json.body[0].description]).toEqual([
      400,
      expect.stringContaining('x-www-form-urlencoded'),
    ]);
    const large = await post({ api_key: keys.service, description: 'x'.repeat(70 * 1024) });
    expect([large.status, large.body[0].code]).toEqual([413, 'BODY_TOO_LARGE']);
    // Any web page may read the public answers: no cookies, bearer keys only.
    expect(unknown.headers.get('access-control-allow-origin')).toBe('*');
    // An invalid key is refused on reads too, never read as no key.
    const badKey = await get('requests.json', { key: 'not-a-token' });
    expect([badKey.status, badKey.body[0].code]).toEqual([403, 'UNAUTHENTICATED']);
  });
});

describe('through a city gateway', () => {
  it('jurisdiction_id is required where the gateway serves several districts, and 404 for one it does not serve', async () => {
    const missing = await get('services.json', { origin: city.origin });
    expect([missing.status, missing.body[0].code, missing.body[0].description]).toEqual([
      400,
      'VALIDATION_FAILED',
      expect.stringContaining('jurisdiction_id: required'),
    ]);
    const unknown = await get('services.json?jurisdiction_id=320599', { origin: city.origin });
    expect([unknown.status, unknown.body[0].code]).toEqual([404, 'DISTRICT_NOT_SERVED']);
    const local = await get(`services.json?jurisdiction_id=${OTHER_DISTRICT}`, { origin: city.origin });
    expect(local.status).toBe(200);
  });

  it('a remote district’s requests are reported and read at its own gateway, the caller carried as a service token', async () => {
    const fields = exampleRequest(keys.service);
    fields.set('account_id', 'city-1');
    const reported = await post(fields, { origin: city.origin });
    expect(reported.status).toBe(200);
    const id: string = reported.body[0].service_request_id;
    const event = await eventOf(id);
    expect([event.reportedBy, event.reporterRole, event.source]).toEqual([
      'open311-app:city-1',
      'SERVICE',
      'open311',
    ]);

    const viaCity = async (key?: string) =>
      (
        await get(`requests/${id}.json?jurisdiction_id=${DISTRICT}`, {
          origin: city.origin,
          ...(key ? { key } : {}),
        })
      ).body[0];
    expect(await viaCity(keys.service)).toMatchObject({
      description: 'A large sinkhole is destroying the street',
    });
    expect(await viaCity()).toMatchObject({ description: null, lat: 31.306 });
    // The district's answer as it came, errors included.
    const outside = exampleRequest(keys.service);
    outside.set('lat', String(points.nowhere.latitude));
    outside.set('long', String(points.nowhere.longitude));
    const refused = await post(outside, { origin: city.origin });
    expect([refused.status, refused.body[0].code]).toEqual([400, 'POINT_OUTSIDE_GRID']);
    // A key the city refuses is never forwarded.
    const invalid = await post(exampleRequest('not-a-token'), { origin: city.origin });
    expect([invalid.status, invalid.body[0].code]).toEqual([403, 'UNAUTHENTICATED']);
  });

  it('the district’s endpoint for gateways takes service tokens only', async () => {
    const path = `${district.origin}/districts/${DISTRICT}/open311/v2/services.json`;
    const none = await fetch(path).then(answerOf);
    expect([none.status, none.body[0].code]).toEqual([401, 'UNAUTHENTICATED']);
    const userToken = await fetch(path, { headers: { authorization: `Bearer ${keys.service}` } }).then(
      answerOf,
    );
    expect([userToken.status, userToken.body[0].code]).toEqual([401, 'UNAUTHENTICATED']);
  });
});
