/** The results as Markdown: one table per scale, with the ratios against the floor and PostGraphile. */
import { round } from './stats.mjs';

export function markdownReport(results) {
  const counted = results.scales.some((scale) =>
    scale.queries.some((query) => query.contenders.some((row) => typeof row.statements === 'number')),
  );
  const statements = counted
    ? 'Statements per request from pg_stat_statements.'
    : 'Statements per request: n/a, the server has not loaded pg_stat_statements (see "Before the first run").';
  const lines = [
    `Machine: ${results.machine.cpus} × ${results.machine.cpuModel}, ${results.machine.memoryGb} GB, Node ${results.machine.node}.`,
    `Each figure: ${results.settings.warmup} warm-up runs, then ${results.settings.repetitions} timed runs one at a time (p50, p99, IQR of the latencies); throughput with ${results.settings.concurrency} concurrent callers for ${results.settings.seconds} s; over HTTP from a separate process. ${statements}`,
    '',
  ];
  for (const scale of results.scales) {
    lines.push(`### District of ${scale.rows.toLocaleString('en')} rows`);
    if (scale.generation) {
      lines.push(
        '',
        `Generated in ${round(scale.generation.ms / 1000, 1)} s: ${scale.generation.rowsPerSecond.toLocaleString('en')} rows/s.`,
      );
    }
    lines.push(
      '',
      '| query | contender | p50 ms | p99 ms | IQR ms | req/s | statements | p50 ÷ floor | p50 ÷ PostGraphile |',
      '|---|---|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const query of scale.queries) {
      const byName = Object.fromEntries(query.contenders.map((row) => [row.contender, row]));
      // The floor is the hand-written SQL; where there is none (indicators), core's own SQL.
      const floor = byName['sql (floor)'] ?? byName['@sanshe/core (direct)'];
      for (const row of query.contenders) {
        if (!row.equal) {
          lines.push(`| ${query.name} | ${row.contender} | answer differs | | | | | | |`);
          continue;
        }
        const transport = row.contender.includes('HTTP') ? 'HTTP' : 'in-process';
        const peer = byName[`PostGraphile (${transport})`];
        const againstFloor = floor?.equal ? round(row.latency.p50 / floor.latency.p50) : '';
        const againstPeer =
          row.contender.startsWith('sanshe') && peer?.equal ? round(row.latency.p50 / peer.latency.p50) : '';
        lines.push(
          `| ${query.name} | ${row.contender} | ${row.latency.p50} | ${row.latency.p99} | ${row.latency.iqr} | ${row.throughput} | ${row.statements ?? 'n/a'} | ${againstFloor} | ${againstPeer} |`,
        );
      }
    }
    lines.push('');
  }
  if (results.scales.length > 1) {
    // Growth: the same query at each size. A page must cost the same on a district ten or a
    // hundred times larger (indexes, keyset pagination, no count over the district unasked).
    const labels = results.scales.map((scale) => scale.rows.toLocaleString('en'));
    lines.push(
      '### Growth: p50 ms of the same query as the district grows',
      '',
      `| query | contender | ${labels.join(' rows | ')} rows |`,
      `|---|---|${labels.map(() => '---:').join('|')}|`,
    );
    for (const query of results.scales[0].queries) {
      for (const { contender } of query.contenders) {
        const cells = results.scales.map((scale) => {
          const row = scale.queries
            .find((q) => q.name === query.name)
            ?.contenders.find((c) => c.contender === contender);
          return row?.equal ? row.latency.p50 : '–';
        });
        lines.push(`| ${query.name} | ${contender} | ${cells.join(' | ')} |`);
      }
    }
    lines.push('');
  }
  const federation = results.federation;
  if (federation) {
    lines.push(
      `### A city of ${federation.districts} district processes (${federation.rowsPerDistrict.map((n) => n.toLocaleString('en')).join(', ')} rows)`,
      '',
      '| city query | city p50 ms | city p99 ms | slowest district p50 ms | ratio | HTTP requests per city query | city CPU ms per query | city req/s |',
      '|---|---:|---:|---:|---:|---:|---:|---:|',
      ...federation.queries.map(
        (q) =>
          `| ${q.query} | ${q.city.p50} | ${q.city.p99} | ${q.slowestDistrict.p50} | ${q.ratio} | ${q.requestsPerCityQuery} | ${q.cityCpuMsPerQuery} | ${q.cityThroughput} |`,
      ),
      '',
      `Resident memory: city gateway ${federation.memory.cityIdleMb} MB at idle, ${federation.memory.cityPeakMb} MB at its peak under the load above; a district gateway ${federation.memory.districtIdleMb} MB at idle, ${federation.memory.districtPeakMb} MB at its peak.`,
      '',
    );
  }
  return `${lines.join('\n')}\n`;
}
