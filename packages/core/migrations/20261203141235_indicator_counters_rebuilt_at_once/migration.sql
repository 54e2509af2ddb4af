-- The counters a district's stored contributions make: per unit and figure, +amount on a span's
-- first day and −amount on the day after its last, summed by year, month and day. What a rebuild
-- writes, and what `verifyIndicatorCounters` compares the counters with.
CREATE FUNCTION "indicator_counters_of_contributions"(p_district char(6))
RETURNS TABLE (unit_code text, span text, starts_on date, figure text, amount numeric)
LANGUAGE sql STABLE AS $$
  WITH days AS (
    -- The changes of each day first: months and years are then sums of far fewer rows.
    SELECT steps.unit_code, steps.figure, steps.day, sum(steps.amount) AS amount
    FROM (
      SELECT c.unit_code, c.figure, c.from_day AS day, c.amount
      FROM indicator_contributions c WHERE c.district_code = p_district
      UNION ALL
      SELECT c.unit_code, c.figure, c.until_day, -c.amount
      FROM indicator_contributions c WHERE c.district_code = p_district AND c.until_day IS NOT NULL
    ) steps
    GROUP BY 1, 2, 3
  ),
  months AS (
    SELECT days.unit_code, days.figure, date_trunc('month', days.day)::date AS month, sum(days.amount) AS amount
    FROM days GROUP BY 1, 2, 3
  )
  SELECT unit_code, 'd', day, figure, amount FROM days WHERE amount <> 0
  UNION ALL
  SELECT unit_code, 'm', month, figure, amount FROM months WHERE amount <> 0
  UNION ALL
  SELECT months.unit_code, 'y', date_trunc('year', months.month)::date, months.figure, sum(months.amount)
  FROM months GROUP BY 1, 3, 4 HAVING sum(months.amount) <> 0
$$;
--> statement-breakpoint

-- Count a district afresh in two passes instead of one refresh per family: every family's
-- contributions inserted as they are computed, then every counter in one insert. The refreshes'
-- upserts and their arrays cost most of a rebuild (1.4 s of the grid events' 1.9 s at 179k rows).
CREATE OR REPLACE FUNCTION "indicator_counters_rebuild"(p_district char(6)) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  family record;
BEGIN
  -- Enough memory to group a district's changes without spilling to disk (179k rows: 8 MB in
  -- 41 batches on disk at the default 4 MB), for this transaction only.
  PERFORM set_config('work_mem', '64MB', true);
  DELETE FROM indicator_counters WHERE district_code = p_district;
  DELETE FROM indicator_contributions WHERE district_code = p_district;
  FOR family IN SELECT * FROM (VALUES
    ('community', 'communities'),
    ('organization', 'social_organizations'),
    ('worker', 'social_workers'),
    ('need', 'needs'),
    ('project', 'service_projects'),
    ('volunteer', 'volunteers'),
    ('grid_event', 'grid_events'),
    ('summons', 'summonses'),
    ('meeting', 'consultation_meetings')) AS f(name, anchor_table)
  LOOP
    EXECUTE format(
      'INSERT INTO indicator_contributions
         (district_code, family, anchor_id, figure, unit_code, from_day, until_day, amount)
       SELECT $1, %L, f.anchor_id, f.figure, f.unit_code, f.from_day, f.until_day, f.amount
       FROM %I($1, ARRAY(SELECT id FROM %I WHERE district_code = $1)) f
       WHERE f.amount <> 0 AND (f.until_day IS NULL OR f.until_day > f.from_day)',
      family.name, 'indicator_' || family.name || '_contributions', family.anchor_table)
    USING p_district;
  END LOOP;
  INSERT INTO indicator_counters (district_code, unit_code, span, starts_on, figure, amount)
  SELECT p_district, c.unit_code, c.span, c.starts_on, c.figure, c.amount
  FROM indicator_counters_of_contributions(p_district) c
  -- In the key's order: the primary key is then filled page after page.
  ORDER BY c.unit_code, c.span, c.starts_on, c.figure;
END
$$;
