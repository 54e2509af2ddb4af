-- Indicator counters (docs/architecture.md §8). The register's indicators (organizations, workers,
-- residents and communities per unit, issue 21) are read from counters instead of aggregating the
-- whole district on every call. Each record adds spans of days to figures of units
-- (`indicator_contributions`); `indicator_counters` holds the changes those spans make, by year,
-- month and day, so a figure on a day is a sum of at most about 50 rows at any scale.
--
-- The database keeps both itself, in the transaction of every write: a statement that changes a
-- record the figures depend on refreshes the records it touched (recomputes what each adds, takes
-- back what it added before, adds the difference to the counters). Nothing outside the database
-- can forget to, and what a record adds is computed by one function per kind of record, the same
-- one the backfill below and `verifyIndicatorCounters` use.

-- What organizations add: the district's register counts an organization in force (filed here, or
-- registered with a USCC of this district) in the district and, through its base community, in
-- that community and its subdistrict; one registered with a USCC of another area counts apart;
-- urban and rural organizations are those of the register based in a community in force of that
-- class, on the days both are.
CREATE FUNCTION "indicator_organization_contributions"(p_district char(6), p_ids bigint[])
RETURNS TABLE (anchor_id bigint, figure text, unit_code text, from_day date, until_day date, amount numeric)
LANGUAGE sql STABLE AS $$
  WITH counted AS (
    SELECT o.id, o.community_id, o.registered_on, o.deregistered_on,
      CASE
        WHEN o.legal_status = 'filed' OR substr(o.uscc, 3, 6) = p_district THEN 'organizations'
        WHEN o.legal_status = 'registered' AND substr(o.uscc, 3, 6) <> p_district
          THEN 'elsewhere_organizations'
      END AS figure
    FROM social_organizations o
    WHERE o.district_code = p_district AND o.id = ANY (p_ids)
  ),
  based AS (
    SELECT counted.*, c.code, c.effective_from, c.retired_on, c.urban_rural_class
    FROM counted
    JOIN communities c ON c.district_code = p_district AND c.id = counted.community_id
  )
  SELECT id, figure, p_district::text, registered_on, deregistered_on, 1::numeric
  FROM counted WHERE figure IS NOT NULL
  UNION ALL
  SELECT id, figure, left(code, n), registered_on, deregistered_on, 1::numeric
  FROM based, unnest(ARRAY[9, 12]) AS n WHERE figure IS NOT NULL
  UNION ALL
  -- greatest and least skip nulls: an open end stays open.
  SELECT id,
    CASE WHEN urban_rural_class LIKE '1%' THEN 'urban_organizations' ELSE 'rural_organizations' END,
    left(code, n), greatest(registered_on, effective_from), least(deregistered_on, retired_on), 1::numeric
  FROM based, unnest(ARRAY[6, 9, 12]) AS n
  WHERE figure = 'organizations' AND (urban_rural_class LIKE '1%' OR urban_rural_class LIKE '2%')
$$;
--> statement-breakpoint

-- What communities add: their residents on each day they are in force (the latest dated resident
-- figure on or before the day, or the community's own figure when it has no dated one), and one
-- urban or rural community while in force.
CREATE FUNCTION "indicator_community_contributions"(p_district char(6), p_ids bigint[])
RETURNS TABLE (anchor_id bigint, figure text, unit_code text, from_day date, until_day date, amount numeric)
LANGUAGE sql STABLE AS $$
  WITH unit AS (
    SELECT c.id, c.code, c.effective_from, c.retired_on, c.urban_rural_class, c.resident_population
    FROM communities c
    WHERE c.district_code = p_district AND c.id = ANY (p_ids)
  ),
  dated AS (
    SELECT p.community_id, p.count, p.as_of,
      lead(p.as_of) OVER (PARTITION BY p.community_id ORDER BY p.as_of) AS next_as_of
    FROM unit_populations p
    WHERE p.district_code = p_district AND p.basis = 'resident' AND p.community_id = ANY (p_ids)
  ),
  residents AS (
    SELECT unit.id, unit.code, greatest(dated.as_of, unit.effective_from) AS from_day,
      least(dated.next_as_of, unit.retired_on) AS until_day, dated.count::numeric AS amount
    FROM unit JOIN dated ON dated.community_id = unit.id
    UNION ALL
    SELECT unit.id, unit.code, unit.effective_from, unit.retired_on, unit.resident_population::numeric
    FROM unit
    WHERE unit.resident_population IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM dated WHERE dated.community_id = unit.id)
  )
  SELECT id, 'residents', left(code, n), from_day, until_day, amount
  FROM residents, unnest(ARRAY[6, 9, 12]) AS n
  UNION ALL
  SELECT id,
    CASE WHEN urban_rural_class LIKE '1%' THEN 'urban_communities' ELSE 'rural_communities' END,
    left(code, n), effective_from, retired_on, 1::numeric
  FROM unit, unnest(ARRAY[6, 9, 12]) AS n
  WHERE urban_rural_class LIKE '1%' OR urban_rural_class LIKE '2%'
$$;
--> statement-breakpoint

-- What workers add: in the district, one worker with a registered certificate on each day one of
-- their registrations covers, and one certificate holder from the day they first passed; in a
-- subdistrict or community, the same on the days they also hold a post there (at the community, or
-- at an organization based in it). Days are unions of ranges, so a worker counts once per unit
-- and day however many certificates and posts cover it.
CREATE FUNCTION "indicator_worker_contributions"(p_district char(6), p_ids bigint[])
RETURNS TABLE (anchor_id bigint, figure text, unit_code text, from_day date, until_day date, amount numeric)
LANGUAGE sql STABLE AS $$
  WITH statuses AS (
    SELECT c.worker_id, 'certified_workers'::text AS figure,
      range_agg(daterange(r.valid_from, r.valid_until, '[]')) AS days
    FROM social_work_certificates c
    JOIN certificate_registrations r ON r.district_code = c.district_code AND r.certificate_id = c.id
    WHERE c.district_code = p_district AND c.worker_id = ANY (p_ids)
    GROUP BY c.worker_id
    UNION ALL
    SELECT c.worker_id, 'certificate_holders', datemultirange(daterange(min(c.passed_on), NULL))
    FROM social_work_certificates c
    WHERE c.district_code = p_district AND c.worker_id = ANY (p_ids)
    GROUP BY c.worker_id
  ),
  placed AS (
    SELECT p.worker_id, left(coalesce(pc.code, oc.code), n) AS unit_code,
      range_agg(daterange(p.starts_on, p.ends_on, '[]')) AS days
    FROM social_worker_posts p
    LEFT JOIN communities pc ON pc.district_code = p.district_code AND pc.id = p.community_id
    LEFT JOIN social_organizations o ON o.district_code = p.district_code AND o.id = p.organization_id
    LEFT JOIN communities oc ON oc.district_code = o.district_code AND oc.id = o.community_id
    CROSS JOIN unnest(ARRAY[9, 12]) AS n
    WHERE p.district_code = p_district AND p.worker_id = ANY (p_ids)
      AND coalesce(pc.code, oc.code) IS NOT NULL
    GROUP BY 1, 2
  ),
  counted AS (
    SELECT s.worker_id, s.figure, p_district::text AS unit_code, s.days
    FROM statuses s
    JOIN social_workers w ON w.district_code = p_district AND w.id = s.worker_id
    UNION ALL
    SELECT s.worker_id, s.figure, placed.unit_code, s.days * placed.days
    FROM statuses s JOIN placed ON placed.worker_id = s.worker_id
  )
  SELECT worker_id, figure, unit_code, lower(span), upper(span), 1::numeric
  FROM counted, unnest(days) AS span
$$;
--> statement-breakpoint

-- Recompute what some records of a family add, and move the counters by the difference only: a
-- write that changes nothing counted (a rename) writes no counter.
CREATE FUNCTION "indicator_refresh"(p_family text, p_district char(6), p_ids bigint[])
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  fresh indicator_contributions[];
BEGIN
  IF p_ids IS NULL OR cardinality(p_ids) = 0 THEN
    RETURN;
  END IF;
  -- Each family's contributions come from its function, indicator_<family>_contributions.
  EXECUTE format(
    'SELECT array_agg(ROW($1, $2, f.anchor_id, f.figure, f.unit_code, f.from_day, f.until_day,
        f.amount)::indicator_contributions)
     FROM %I($1, $3) f
     WHERE f.amount <> 0 AND (f.until_day IS NULL OR f.until_day > f.from_day)',
    'indicator_' || p_family || '_contributions')
  INTO fresh USING p_district, p_family, p_ids;
  fresh := coalesce(fresh, '{}');

  -- The difference: what the records add now less what they added before, as changes at the
  -- first day of each span (+) and at the day after its last (−), summed per year, month and day.
  WITH changes AS (
    SELECT c.unit_code, c.figure, c.from_day, c.until_day, -c.amount AS amount
    FROM indicator_contributions c
    WHERE c.district_code = p_district AND c.family = p_family AND c.anchor_id = ANY (p_ids)
    UNION ALL
    SELECT f.unit_code, f.figure, f.from_day, f.until_day, f.amount FROM unnest(fresh) f
  ),
  steps AS (
    SELECT unit_code, figure, from_day AS day, amount FROM changes
    UNION ALL
    SELECT unit_code, figure, until_day, -amount FROM changes WHERE until_day IS NOT NULL
  ),
  spans AS (
    SELECT steps.unit_code, steps.figure, s.span, s.starts_on, sum(steps.amount) AS amount
    FROM steps
    CROSS JOIN LATERAL (VALUES
      ('y', date_trunc('year', steps.day)::date),
      ('m', date_trunc('month', steps.day)::date),
      ('d', steps.day)) AS s(span, starts_on)
    GROUP BY 1, 2, 3, 4
    HAVING sum(steps.amount) <> 0
  )
  INSERT INTO indicator_counters AS counter (district_code, unit_code, span, starts_on, figure, amount)
  SELECT p_district, spans.unit_code, spans.span, spans.starts_on, spans.figure, spans.amount
  FROM spans
  -- One order for every writer, so that two transactions wait for each other instead of deadlocking.
  ORDER BY spans.unit_code, spans.span, spans.starts_on, spans.figure
  ON CONFLICT (district_code, unit_code, span, starts_on, figure)
  DO UPDATE SET amount = counter.amount + excluded.amount;

  DELETE FROM indicator_contributions c
  WHERE c.district_code = p_district AND c.family = p_family AND c.anchor_id = ANY (p_ids);
  INSERT INTO indicator_contributions SELECT * FROM unnest(fresh);
END
$$;
--> statement-breakpoint

-- Which records to refresh when rows of a table change: the table's anchors, and the records whose
-- contribution reads them (an organization's workers through their posts; a community's
-- organizations and the workers posted there).
CREATE FUNCTION "indicator_records_changed"(p_table text, p_district char(6), p_ids bigint[])
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF p_table = 'social_organizations' THEN
    PERFORM indicator_refresh('organization', p_district, p_ids);
    PERFORM indicator_refresh('worker', p_district, ARRAY(
      SELECT DISTINCT p.worker_id FROM social_worker_posts p
      WHERE p.district_code = p_district AND p.organization_id = ANY (p_ids)));
  ELSIF p_table = 'communities' THEN
    PERFORM indicator_refresh('community', p_district, p_ids);
    PERFORM indicator_refresh('organization', p_district, ARRAY(
      SELECT o.id FROM social_organizations o
      WHERE o.district_code = p_district AND o.community_id = ANY (p_ids)));
    PERFORM indicator_refresh('worker', p_district, ARRAY(
      SELECT p.worker_id FROM social_worker_posts p
      WHERE p.district_code = p_district AND p.community_id = ANY (p_ids)
      UNION
      SELECT p.worker_id FROM social_worker_posts p
      JOIN social_organizations o ON o.district_code = p.district_code AND o.id = p.organization_id
      WHERE p.district_code = p_district AND o.community_id = ANY (p_ids)));
  ELSIF p_table = 'unit_populations' THEN
    PERFORM indicator_refresh('community', p_district, p_ids);
  ELSIF p_table IN ('social_workers', 'social_work_certificates', 'social_worker_posts') THEN
    PERFORM indicator_refresh('worker', p_district, p_ids);
  ELSIF p_table = 'certificate_registrations' THEN
    PERFORM indicator_refresh('worker', p_district, ARRAY(
      SELECT DISTINCT c.worker_id FROM social_work_certificates c
      WHERE c.district_code = p_district AND c.id = ANY (p_ids)));
  ELSE
    RAISE EXCEPTION 'sanshe: indicator counters do not follow table %', p_table;
  END IF;
END
$$;
--> statement-breakpoint

-- The statement-level trigger of every table the counters follow. TG_ARGV[0] names the column that
-- identifies what to refresh (indicator_records_changed); the other arguments name the columns
-- the figures read, so that an update changing none of them (a rename, a new phone number) costs
-- one comparison and no refresh.
CREATE FUNCTION "indicator_counters_follow"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  anchor text := quote_ident(TG_ARGV[0]);
  changed text;
  target record;
BEGIN
  -- A bulk load (the demo seed) turns the refreshes off for its transaction and rebuilds the
  -- district's counters once at its end (indicator_counters_rebuild).
  IF current_setting('sanshe.bulk_load', true) = 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    changed := format('SELECT district_code, %s AS anchor FROM new_rows', anchor);
  ELSIF TG_OP = 'DELETE' THEN
    changed := format('SELECT district_code, %s AS anchor FROM old_rows', anchor);
  ELSE
    changed := format(
      'SELECT n.district_code, n.%1$s AS anchor, o.%1$s AS old_anchor
       FROM new_rows n JOIN old_rows o ON o.district_code = n.district_code AND o.id = n.id
       WHERE (%2$s) IS DISTINCT FROM (%3$s)',
      anchor,
      (SELECT string_agg('o.' || format('%I', name), ', ') FROM unnest(TG_ARGV[1:]) AS name),
      (SELECT string_agg('n.' || format('%I', name), ', ') FROM unnest(TG_ARGV[1:]) AS name));
    changed := format(
      'SELECT district_code, anchor FROM (%1$s) c UNION SELECT district_code, old_anchor FROM (%1$s) c',
      changed);
  END IF;
  FOR target IN EXECUTE format(
    'SELECT district_code, array_agg(DISTINCT anchor) AS ids FROM (%s) changed
     WHERE anchor IS NOT NULL GROUP BY district_code', changed)
  LOOP
    PERFORM indicator_records_changed(TG_TABLE_NAME, target.district_code, target.ids);
  END LOOP;
  RETURN NULL;
END
$$;
--> statement-breakpoint

CREATE TRIGGER "indicator_counters_insert" AFTER INSERT ON "social_organizations"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('id');
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_update" AFTER UPDATE ON "social_organizations"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('id', 'legal_status', 'uscc', 'community_id', 'registered_on', 'deregistered_on');
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_delete" AFTER DELETE ON "social_organizations"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('id');
--> statement-breakpoint

CREATE TRIGGER "indicator_counters_insert" AFTER INSERT ON "communities"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('id');
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_update" AFTER UPDATE ON "communities"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('id', 'code', 'effective_from', 'retired_on', 'urban_rural_class', 'resident_population');
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_delete" AFTER DELETE ON "communities"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('id');
--> statement-breakpoint

CREATE TRIGGER "indicator_counters_insert" AFTER INSERT ON "unit_populations"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('community_id');
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_update" AFTER UPDATE ON "unit_populations"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('community_id', 'community_id', 'basis', 'as_of', 'count');
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_delete" AFTER DELETE ON "unit_populations"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('community_id');
--> statement-breakpoint

-- A worker counts in the district through their certificates only, so a new worker counts nothing
-- yet; a deleted one takes back what they counted.
CREATE TRIGGER "indicator_counters_delete" AFTER DELETE ON "social_workers"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('id');
--> statement-breakpoint

CREATE TRIGGER "indicator_counters_insert" AFTER INSERT ON "social_work_certificates"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('worker_id');
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_update" AFTER UPDATE ON "social_work_certificates"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('worker_id', 'worker_id', 'passed_on');
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_delete" AFTER DELETE ON "social_work_certificates"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('worker_id');
--> statement-breakpoint

CREATE TRIGGER "indicator_counters_insert" AFTER INSERT ON "certificate_registrations"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('certificate_id');
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_update" AFTER UPDATE ON "certificate_registrations"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('certificate_id', 'certificate_id', 'valid_from', 'valid_until');
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_delete" AFTER DELETE ON "certificate_registrations"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('certificate_id');
--> statement-breakpoint

CREATE TRIGGER "indicator_counters_insert" AFTER INSERT ON "social_worker_posts"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('worker_id');
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_update" AFTER UPDATE ON "social_worker_posts"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('worker_id', 'worker_id', 'organization_id', 'community_id', 'starts_on', 'ends_on');
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_delete" AFTER DELETE ON "social_worker_posts"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('worker_id');
--> statement-breakpoint

-- Count a district afresh: what a bulk load with triggers off (the demo seed on PGlite) or a repair
-- (`rebuildIndicatorCounters`) starts from.
CREATE FUNCTION "indicator_counters_rebuild"(p_district char(6)) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM indicator_counters WHERE district_code = p_district;
  DELETE FROM indicator_contributions WHERE district_code = p_district;
  PERFORM indicator_refresh('community', p_district,
    ARRAY(SELECT id FROM communities WHERE district_code = p_district));
  PERFORM indicator_refresh('organization', p_district,
    ARRAY(SELECT id FROM social_organizations WHERE district_code = p_district));
  PERFORM indicator_refresh('worker', p_district,
    ARRAY(SELECT id FROM social_workers WHERE district_code = p_district));
END
$$;
--> statement-breakpoint

-- TRUNCATE fires no row or statement trigger of DELETE: every district is counted afresh.
CREATE FUNCTION "indicator_counters_truncated"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('sanshe.bulk_load', true) = 'on' THEN
    RETURN NULL;
  END IF;
  PERFORM indicator_counters_rebuild(district_code) FROM districts;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_truncate" AFTER TRUNCATE ON "social_organizations"
  FOR EACH STATEMENT EXECUTE FUNCTION "indicator_counters_truncated"();
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_truncate" AFTER TRUNCATE ON "communities"
  FOR EACH STATEMENT EXECUTE FUNCTION "indicator_counters_truncated"();
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_truncate" AFTER TRUNCATE ON "unit_populations"
  FOR EACH STATEMENT EXECUTE FUNCTION "indicator_counters_truncated"();
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_truncate" AFTER TRUNCATE ON "social_workers"
  FOR EACH STATEMENT EXECUTE FUNCTION "indicator_counters_truncated"();
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_truncate" AFTER TRUNCATE ON "social_work_certificates"
  FOR EACH STATEMENT EXECUTE FUNCTION "indicator_counters_truncated"();
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_truncate" AFTER TRUNCATE ON "certificate_registrations"
  FOR EACH STATEMENT EXECUTE FUNCTION "indicator_counters_truncated"();
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_truncate" AFTER TRUNCATE ON "social_worker_posts"
  FOR EACH STATEMENT EXECUTE FUNCTION "indicator_counters_truncated"();
--> statement-breakpoint

-- What is already recorded is counted once, here.
SELECT indicator_counters_rebuild(district_code) FROM districts;
