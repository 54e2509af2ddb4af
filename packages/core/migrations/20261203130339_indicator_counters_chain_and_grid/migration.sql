-- Indicator counters for the service chain, volunteering, grid management and consultation
-- (docs/architecture.md §8), on the pattern of migration `indicator_counters`: one function per
-- kind of record says what a record adds (indicator_<family>_contributions), triggers refresh the
-- records a statement touched. Figures over "the 12 months to the day" become spans: an instant
-- of China's day s counts on the days from s up to indicator_twelve_months_end(s).

-- The China day (UTC+8, no daylight saving since 1991) of an instant.
CREATE FUNCTION "indicator_china_day"(p_at timestamptz) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ((p_at AT TIME ZONE 'UTC') + interval '8 hours')::date
$$;
--> statement-breakpoint

-- The first day whose 12 months (from the day after the same day a year before, to the day
-- itself: twelveMonthsTo in volunteer-figures.ts) no longer hold day s: s + 1 year, or the day
-- after when s is 29 February (a year after it is 28 February, whose 12 months start on 1 March).
CREATE FUNCTION "indicator_twelve_months_end"(p_day date) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN ((p_day + interval '1 year')::date - interval '1 year')::date < p_day
      THEN (p_day + interval '1 year')::date + 1
    ELSE (p_day + interval '1 year')::date
  END
$$;
--> statement-breakpoint

-- Days from p_from up to (not including) p_until, empty when p_until is not after p_from; an open
-- end stays open.
CREATE FUNCTION "indicator_days"(p_from date, p_until date) RETURNS datemultirange
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN p_from IS NULL OR (p_until IS NOT NULL AND p_until <= p_from) THEN '{}'::datemultirange
    ELSE datemultirange(daterange(p_from, p_until))
  END
$$;
--> statement-breakpoint

-- Grid events (indicator_grid_event_contributions): closures in the 12 months (on time when not
-- late), events with a closing step in them and of those the ones with a reopening step in them,
-- reporters' ratings (satisfied: 4 or 5), at the event's unit and the units above it.
CREATE FUNCTION "indicator_grid_event_contributions"(p_district char(6), p_ids bigint[])
RETURNS TABLE (anchor_id bigint, figure text, unit_code text, from_day date, until_day date, amount numeric)
LANGUAGE sql STABLE AS $$
  WITH event AS (
    SELECT e.id, e.unit_code, e.state, e.closed_late, e.satisfaction,
      indicator_china_day(e.closed_at) AS closed_day, indicator_china_day(e.rated_at) AS rated_day
    FROM grid_events e
    WHERE e.district_code = p_district AND e.id = ANY (p_ids)
  ),
  steps AS (
    SELECT s.event_id,
      range_agg(daterange(indicator_china_day(s.at), indicator_twelve_months_end(indicator_china_day(s.at))))
        FILTER (WHERE s.step = 'close') AS closing,
      range_agg(daterange(indicator_china_day(s.at), indicator_twelve_months_end(indicator_china_day(s.at))))
        FILTER (WHERE s.step = 'reopen') AS reopening
    FROM grid_event_steps s
    WHERE s.district_code = p_district AND s.event_id = ANY (p_ids) AND s.step IN ('close', 'reopen')
    GROUP BY s.event_id
  ),
  spans AS (
    SELECT id, unit_code, 'events_closed' AS figure,
      indicator_days(closed_day, indicator_twelve_months_end(closed_day)) AS days
    FROM event WHERE state = 'closed'
    UNION ALL
    SELECT id, unit_code, 'events_closed_on_time', indicator_days(closed_day, indicator_twelve_months_end(closed_day))
    FROM event WHERE state = 'closed' AND closed_late = false
    UNION ALL
    SELECT event.id, event.unit_code, 'events_with_closure', steps.closing
    FROM event JOIN steps ON steps.event_id = event.id WHERE steps.closing IS NOT NULL
    UNION ALL
    SELECT event.id, event.unit_code, 'events_reopened', steps.closing * steps.reopening
    FROM event JOIN steps ON steps.event_id = event.id
    WHERE steps.closing IS NOT NULL AND steps.reopening IS NOT NULL
    UNION ALL
    SELECT id, unit_code, 'event_ratings', indicator_days(rated_day, indicator_twelve_months_end(rated_day))
    FROM event WHERE satisfaction IS NOT NULL
    UNION ALL
    SELECT id, unit_code, 'event_ratings_satisfied', indicator_days(rated_day, indicator_twelve_months_end(rated_day))
    FROM event WHERE satisfaction >= 4
  )
  SELECT spans.id, spans.figure, left(spans.unit_code, n), lower(piece), upper(piece), 1::numeric
  FROM spans, unnest(spans.days) AS piece, unnest(ARRAY[6, 9, 12]) AS n
  WHERE n <= length(spans.unit_code)
$$;
--> statement-breakpoint

-- Summonses (吹哨报到) issued in the 12 months: each department summoned counts from the day its
-- report-in was due or done, and reported in on time from the day it reported in by the deadline;
-- at the summons' community and the units above it.
CREATE FUNCTION "indicator_summons_contributions"(p_district char(6), p_ids bigint[])
RETURNS TABLE (anchor_id bigint, figure text, unit_code text, from_day date, until_day date, amount numeric)
LANGUAGE sql STABLE AS $$
  WITH summoned AS (
    SELECT s.id, c.code, indicator_china_day(s.issued_at) AS issued_day,
      indicator_twelve_months_end(indicator_china_day(s.issued_at)) AS until_day,
      least(indicator_china_day(d.reported_at), indicator_china_day(s.report_due_at)) AS due_day,
      indicator_china_day(d.reported_at) AS reported_day,
      d.reported_at <= s.report_due_at AS on_time
    FROM summonses s
    JOIN summons_departments d ON d.district_code = s.district_code AND d.summons_id = s.id
    JOIN communities c ON c.district_code = s.district_code AND c.id = s.community_id
    WHERE s.district_code = p_district AND s.id = ANY (p_ids)
  ),
  spans AS (
    SELECT id, code, 'departments_summoned' AS figure, greatest(issued_day, due_day) AS from_day, until_day
    FROM summoned WHERE issued_day IS NOT NULL AND due_day IS NOT NULL
    UNION ALL
    SELECT id, code, 'departments_reported_in_on_time', greatest(issued_day, reported_day), until_day
    FROM summoned WHERE issued_day IS NOT NULL AND reported_day IS NOT NULL AND on_time
  )
  SELECT id, figure, left(code, n), from_day, until_day, 1::numeric
  FROM spans, unnest(ARRAY[6, 9, 12]) AS n
$$;
--> statement-breakpoint

-- Consultation meetings (议事协商) held in the 12 months: their outcomes adopted by vote, and of
-- those the ones implemented (落实) by the day; at the meeting's community and the units above it.
CREATE FUNCTION "indicator_meeting_contributions"(p_district char(6), p_ids bigint[])
RETURNS TABLE (anchor_id bigint, figure text, unit_code text, from_day date, until_day date, amount numeric)
LANGUAGE sql STABLE AS $$
  WITH outcome AS (
    SELECT m.id, c.code, m.held_on, indicator_twelve_months_end(m.held_on) AS until_day,
      o.state, o.implemented_on
    FROM consultation_meetings m
    JOIN meeting_outcomes o ON o.district_code = m.district_code AND o.meeting_id = m.id
    JOIN communities c ON c.district_code = m.district_code AND c.id = m.community_id
    WHERE m.district_code = p_district AND m.id = ANY (p_ids) AND m.held_on IS NOT NULL
      AND o.state IN ('adopted', 'implemented', 'reported_back')
  ),
  spans AS (
    SELECT id, code, 'outcomes_adopted' AS figure, held_on AS from_day, until_day FROM outcome
    UNION ALL
    SELECT id, code, 'outcomes_implemented', greatest(held_on, implemented_on), until_day
    FROM outcome WHERE state IN ('implemented', 'reported_back') AND implemented_on IS NOT NULL
  )
  SELECT id, figure, left(code, n), from_day, until_day, 1::numeric
  FROM spans, unnest(ARRAY[6, 9, 12]) AS n
$$;
--> statement-breakpoint

-- Needs (docs/domain.md §6.1): a need counts from the day it was collected until the day it was
-- merged or withdrawn; covered from the day it was met, or from the day it was linked to a project
-- approved by then, until that project was cancelled.
CREATE FUNCTION "indicator_need_contributions"(p_district char(6), p_ids bigint[])
RETURNS TABLE (anchor_id bigint, figure text, unit_code text, from_day date, until_day date, amount numeric)
LANGUAGE sql STABLE AS $$
  WITH need AS (
    SELECT n.id, c.code, n.status, n.closed_on,
      CASE
        -- Closed as a duplicate or withdrawn on no recorded day: never counted (as the recount).
        WHEN n.status IN ('merged', 'withdrawn') AND n.closed_on IS NULL THEN '{}'::datemultirange
        WHEN n.status IN ('merged', 'withdrawn') THEN indicator_days(n.collected_on, n.closed_on)
        ELSE indicator_days(n.collected_on, NULL)
      END AS days
    FROM needs n
    JOIN communities c ON c.district_code = n.district_code AND c.id = n.community_id
    WHERE n.district_code = p_district AND n.id = ANY (p_ids)
  ),
  covering AS (
    SELECT covered.id, range_agg(covered.days) AS days
    FROM (
      SELECT need.id, indicator_days(need.closed_on, NULL) AS days
      FROM need WHERE need.status = 'met' AND need.closed_on IS NOT NULL
      UNION ALL
      SELECT pn.need_id, CASE
          WHEN p.status = 'cancelled' AND p.closed_on IS NULL THEN '{}'::datemultirange
          ELSE indicator_days(greatest(pn.linked_on, p.approved_on),
            CASE WHEN p.status = 'cancelled' THEN p.closed_on END)
        END
      FROM project_needs pn
      JOIN service_projects p ON p.district_code = pn.district_code AND p.id = pn.project_id
      WHERE pn.district_code = p_district AND pn.need_id = ANY (p_ids)
        AND pn.linked_on IS NOT NULL AND p.approved_on IS NOT NULL
    ) covered
    GROUP BY covered.id
  ),
  spans AS (
    SELECT id, code, 'needs' AS figure, days FROM need
    UNION ALL
    SELECT need.id, need.code, 'covered_needs', need.days * covering.days
    FROM need JOIN covering ON covering.id = need.id
  )
  SELECT spans.id, spans.figure, left(spans.code, n), lower(piece), upper(piece), 1::numeric
  FROM spans, unnest(spans.days) AS piece, unnest(ARRAY[6, 9, 12]) AS n
$$;
--> statement-breakpoint

-- Service projects (docs/domain.md §6.2–§6.7), at the unit that designed them and the units above
-- it: the budget while approved and not cancelled, the contracts signed and the payments made
-- (net of reversals) on those days, what was earmarked for them (net; from sources other than the
-- government budget apart), satisfaction answers and final evaluations (passed: excellent, good,
-- pass), each from its day.
CREATE FUNCTION "indicator_project_contributions"(p_district char(6), p_ids bigint[])
RETURNS TABLE (anchor_id bigint, figure text, unit_code text, from_day date, until_day date, amount numeric)
LANGUAGE sql STABLE AS $$
  WITH project AS (
    SELECT p.id, p.unit_code, p.budget_fen, p.approved_on,
      CASE WHEN p.status = 'cancelled' AND p.closed_on IS NOT NULL THEN p.closed_on END AS budgeted_until
    FROM service_projects p
    WHERE p.district_code = p_district AND p.id = ANY (p_ids)
  ),
  ledger AS (
    SELECT a.project_id, e.occurred_on,
      sum(l.amount) FILTER (WHERE a.kind = 'undertaker') AS disbursed,
      sum(l.amount) FILTER (WHERE a.kind = 'earmark' AND e.tranche_id IS NULL) AS earmarked,
      sum(l.amount) FILTER (WHERE a.kind = 'earmark' AND e.tranche_id IS NULL
        AND f.kind <> 'government_budget') AS non_government
    FROM ledger_accounts a
    JOIN journal_lines l ON l.district_code = a.district_code AND l.account_id = a.id
    JOIN journal_entries e ON e.district_code = l.district_code AND e.id = l.entry_id
    LEFT JOIN funding_sources f ON f.district_code = a.district_code AND f.id = a.funding_source_id
    WHERE a.district_code = p_district AND a.project_id = ANY (p_ids)
      AND a.kind IN ('earmark', 'undertaker') AND l.unit = 'fen'
    GROUP BY a.project_id, e.occurred_on
  ),
  spans AS (
    SELECT id, 'budget_fen' AS figure, approved_on AS from_day, budgeted_until AS until_day,
      budget_fen::numeric AS amount
    FROM project WHERE approved_on IS NOT NULL
    UNION ALL
    SELECT project.id, 'contracted_fen', greatest(sc.signed_on, project.approved_on), project.budgeted_until,
      sc.amount_fen
    FROM project
    JOIN purchases pu ON pu.district_code = p_district AND pu.project_id = project.id
    JOIN service_contracts sc ON sc.district_code = pu.district_code AND sc.purchase_id = pu.id
    WHERE project.approved_on IS NOT NULL AND sc.signed_on IS NOT NULL
    UNION ALL
    SELECT project.id, 'disbursed_fen', greatest(ledger.occurred_on, project.approved_on), project.budgeted_until,
      ledger.disbursed
    FROM project JOIN ledger ON ledger.project_id = project.id
    WHERE project.approved_on IS NOT NULL
    UNION ALL
    SELECT project_id, 'earmarked_fen', occurred_on, NULL, earmarked FROM ledger
    UNION ALL
    SELECT project_id, 'non_government_earmarked_fen', occurred_on, NULL, non_government FROM ledger
    UNION ALL
    SELECT sa.project_id, 'satisfaction_score_sum', sa.answered_on, NULL, sa.score
    FROM satisfaction_answers sa
    WHERE sa.district_code = p_district AND sa.project_id = ANY (p_ids)
    UNION ALL
    SELECT sa.project_id, 'satisfaction_answers', sa.answered_on, NULL, 1
    FROM satisfaction_answers sa
    WHERE sa.district_code = p_district AND sa.project_id = ANY (p_ids)
    UNION ALL
    SELECT pu.project_id, x.figure, ev.evaluated_on, NULL, x.amount
    FROM project_evaluations ev
    JOIN service_contracts sc ON sc.district_code = ev.district_code AND sc.id = ev.contract_id
    JOIN purchases pu ON pu.district_code = sc.district_code AND pu.id = sc.purchase_id
    CROSS JOIN LATERAL (VALUES
      ('final_evaluations', 1::numeric),
      ('passed_final_evaluations', CASE WHEN ev.grade IN ('excellent', 'good', 'pass') THEN 1 ELSE 0 END),
      ('final_evaluation_score_sum', ev.score::numeric)) AS x(figure, amount)
    WHERE ev.district_code = p_district AND ev.kind = 'final' AND pu.project_id = ANY (p_ids)
  )
  SELECT spans.id, spans.figure, left(project.unit_code, n), spans.from_day, spans.until_day, spans.amount
  FROM spans
  JOIN project ON project.id = spans.id
  CROSS JOIN unnest(ARRAY[6, 9, 12]) AS n
  WHERE n <= length(project.unit_code) AND spans.from_day IS NOT NULL
$$;
--> statement-breakpoint

-- Volunteers (docs/domain.md §5), at their home community and the units above it: registered until
-- withdrawn; active on the days they are registered and served (a record in force, not imported,
-- of some minutes) in the 12 months; the minutes they served in the 12 months, registered or not.
CREATE FUNCTION "indicator_volunteer_contributions"(p_district char(6), p_ids bigint[])
RETURNS TABLE (anchor_id bigint, figure text, unit_code text, from_day date, until_day date, amount numeric)
LANGUAGE sql STABLE AS $$
  WITH volunteer AS (
    SELECT v.id, c.code, indicator_days(v.registered_on, v.withdrawn_on) AS registered
    FROM volunteers v
    JOIN communities c ON c.district_code = v.district_code AND c.id = v.home_community_id
    WHERE v.district_code = p_district AND v.id = ANY (p_ids)
  ),
  served AS (
    SELECT s.volunteer_id, indicator_china_day(s.started_at) AS day, s.minutes
    FROM volunteer_services s
    WHERE s.district_code = p_district AND s.volunteer_id = ANY (p_ids)
      AND s.certifier_kind <> 'imported' AND s.is_void = false
      AND NOT EXISTS (SELECT 1 FROM volunteer_services correction
        WHERE correction.district_code = s.district_code AND correction.corrects_service_id = s.id)
  ),
  spans AS (
    SELECT id, code, 'registered_volunteers' AS figure, registered AS days, 1::numeric AS amount
    FROM volunteer
    UNION ALL
    SELECT volunteer.id, volunteer.code, 'active_volunteers', volunteer.registered * active.days, 1
    FROM volunteer
    JOIN (
      SELECT volunteer_id, range_agg(daterange(day, indicator_twelve_months_end(day))) AS days
      FROM served WHERE minutes > 0 GROUP BY volunteer_id
    ) active ON active.volunteer_id = volunteer.id
    UNION ALL
    SELECT volunteer.id, volunteer.code, 'service_minutes',
      indicator_days(minutes.day, indicator_twelve_months_end(minutes.day)), minutes.minutes
    FROM volunteer
    JOIN (
      SELECT volunteer_id, day, sum(minutes)::numeric AS minutes FROM served GROUP BY volunteer_id, day
    ) minutes ON minutes.volunteer_id = volunteer.id
  )
  SELECT spans.id, spans.figure, left(spans.code, n), lower(piece), upper(piece), spans.amount
  FROM spans, unnest(spans.days) AS piece, unnest(ARRAY[6, 9, 12]) AS n
$$;
--> statement-breakpoint

-- An update is compared as multisets of (district, anchor, the columns the figures read) before and
-- after, so that tables without an `id` of their own (project_needs) are followed too: rows whose
-- read columns did not change cancel out, and the anchors of the others are refreshed, before and
-- after (a row moved to another anchor refreshes both).
CREATE OR REPLACE FUNCTION "indicator_counters_follow"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  anchor text := quote_ident(TG_ARGV[0]);
  read_columns text;
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
    SELECT string_agg(format('%I', name), ', ') INTO read_columns FROM unnest(TG_ARGV[1:]) AS name;
    changed := format(
      '(SELECT district_code, %1$s AS anchor, %2$s FROM new_rows
        EXCEPT ALL SELECT district_code, %1$s, %2$s FROM old_rows)
       UNION ALL
       (SELECT district_code, %1$s AS anchor, %2$s FROM old_rows
        EXCEPT ALL SELECT district_code, %1$s, %2$s FROM new_rows)',
      anchor, read_columns);
  END IF;
  FOR target IN EXECUTE format(
    'SELECT district_code, array_agg(DISTINCT anchor) AS ids FROM (%s) changed
     WHERE anchor IS NOT NULL GROUP BY district_code', changed)
  LOOP
    -- TG_TABLE_NAME is a `name`, whose collation is "C": passed as it is, it would become the
    -- input collation of the whole call chain, and the comparisons with the district's text
    -- columns could no longer use their indexes (a sequential scan of every contribution).
    PERFORM indicator_records_changed(TG_TABLE_NAME::text COLLATE "default", target.district_code,
      target.ids);
  END LOOP;
  RETURN NULL;
END
$$;
--> statement-breakpoint

-- Which records to refresh when rows of a table change (as in migration `indicator_counters`, now
-- with the service chain, volunteering, grid management and consultation).
CREATE OR REPLACE FUNCTION "indicator_records_changed"(p_table text, p_district char(6), p_ids bigint[])
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
    PERFORM indicator_refresh('need', p_district, ARRAY(
      SELECT n.id FROM needs n WHERE n.district_code = p_district AND n.community_id = ANY (p_ids)));
    PERFORM indicator_refresh('volunteer', p_district, ARRAY(
      SELECT v.id FROM volunteers v
      WHERE v.district_code = p_district AND v.home_community_id = ANY (p_ids)));
    PERFORM indicator_refresh('summons', p_district, ARRAY(
      SELECT s.id FROM summonses s WHERE s.district_code = p_district AND s.community_id = ANY (p_ids)));
    PERFORM indicator_refresh('meeting', p_district, ARRAY(
      SELECT m.id FROM consultation_meetings m
      WHERE m.district_code = p_district AND m.community_id = ANY (p_ids)));
  ELSIF p_table = 'unit_populations' THEN
    PERFORM indicator_refresh('community', p_district, p_ids);
  ELSIF p_table IN ('social_workers', 'social_work_certificates', 'social_worker_posts') THEN
    PERFORM indicator_refresh('worker', p_district, p_ids);
  ELSIF p_table = 'certificate_registrations' THEN
    PERFORM indicator_refresh('worker', p_district, ARRAY(
      SELECT DISTINCT c.worker_id FROM social_work_certificates c
      WHERE c.district_code = p_district AND c.id = ANY (p_ids)));
  ELSIF p_table IN ('needs', 'project_needs') THEN
    PERFORM indicator_refresh('need', p_district, p_ids);
  ELSIF p_table = 'service_projects' THEN
    PERFORM indicator_refresh('project', p_district, p_ids);
    PERFORM indicator_refresh('need', p_district, ARRAY(
      SELECT DISTINCT pn.need_id FROM project_needs pn
      WHERE pn.district_code = p_district AND pn.project_id = ANY (p_ids)));
  ELSIF p_table IN ('purchases', 'satisfaction_answers') THEN
    PERFORM indicator_refresh('project', p_district, p_ids);
  ELSIF p_table = 'service_contracts' THEN
    PERFORM indicator_refresh('project', p_district, ARRAY(
      SELECT DISTINCT pu.project_id FROM purchases pu
      WHERE pu.district_code = p_district AND pu.id = ANY (p_ids)));
  ELSIF p_table = 'project_evaluations' THEN
    PERFORM indicator_refresh('project', p_district, ARRAY(
      SELECT DISTINCT pu.project_id FROM service_contracts sc
      JOIN purchases pu ON pu.district_code = sc.district_code AND pu.id = sc.purchase_id
      WHERE sc.district_code = p_district AND sc.id = ANY (p_ids)));
  ELSIF p_table = 'journal_lines' THEN
    PERFORM indicator_refresh('project', p_district, ARRAY(
      SELECT DISTINCT a.project_id FROM ledger_accounts a
      WHERE a.district_code = p_district AND a.id = ANY (p_ids) AND a.project_id IS NOT NULL
        AND a.kind IN ('earmark', 'undertaker')));
  ELSIF p_table = 'ledger_accounts' THEN
    PERFORM indicator_refresh('project', p_district, p_ids);
  ELSIF p_table = 'funding_sources' THEN
    PERFORM indicator_refresh('project', p_district, ARRAY(
      SELECT DISTINCT a.project_id FROM ledger_accounts a
      WHERE a.district_code = p_district AND a.funding_source_id = ANY (p_ids) AND a.project_id IS NOT NULL));
  ELSIF p_table IN ('volunteers', 'volunteer_services') THEN
    PERFORM indicator_refresh('volunteer', p_district, p_ids);
  ELSIF p_table IN ('grid_events', 'grid_event_steps') THEN
    PERFORM indicator_refresh('grid_event', p_district, p_ids);
  ELSIF p_table IN ('summonses', 'summons_departments') THEN
    PERFORM indicator_refresh('summons', p_district, p_ids);
  ELSIF p_table IN ('consultation_meetings', 'meeting_outcomes') THEN
    PERFORM indicator_refresh('meeting', p_district, p_ids);
  ELSE
    RAISE EXCEPTION 'sanshe: indicator counters do not follow table %', p_table;
  END IF;
END
$$;
--> statement-breakpoint

CREATE OR REPLACE FUNCTION "indicator_counters_rebuild"(p_district char(6)) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM indicator_counters WHERE district_code = p_district;
  DELETE FROM indicator_contributions WHERE district_code = p_district;
  PERFORM indicator_refresh('community', p_district,
    ARRAY(SELECT id FROM communities WHERE district_code = p_district));
  PERFORM indicator_refresh('organization', p_district,
    ARRAY(SELECT id FROM social_organizations WHERE district_code = p_district));
  PERFORM indicator_refresh('worker', p_district,
    ARRAY(SELECT id FROM social_workers WHERE district_code = p_district));
  PERFORM indicator_refresh('need', p_district,
    ARRAY(SELECT id FROM needs WHERE district_code = p_district));
  PERFORM indicator_refresh('project', p_district,
    ARRAY(SELECT id FROM service_projects WHERE district_code = p_district));
  PERFORM indicator_refresh('volunteer', p_district,
    ARRAY(SELECT id FROM volunteers WHERE district_code = p_district));
  PERFORM indicator_refresh('grid_event', p_district,
    ARRAY(SELECT id FROM grid_events WHERE district_code = p_district));
  PERFORM indicator_refresh('summons', p_district,
    ARRAY(SELECT id FROM summonses WHERE district_code = p_district));
  PERFORM indicator_refresh('meeting', p_district,
    ARRAY(SELECT id FROM consultation_meetings WHERE district_code = p_district));
END
$$;
--> statement-breakpoint

CREATE TRIGGER "indicator_counters_insert" AFTER INSERT ON "needs"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('id');
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_update" AFTER UPDATE ON "needs"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('id', 'community_id', 'collected_on', 'status', 'closed_on');
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_delete" AFTER DELETE ON "needs"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('id');
--> statement-breakpoint

CREATE TRIGGER "indicator_counters_insert" AFTER INSERT ON "project_needs"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('need_id');
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_update" AFTER UPDATE ON "project_needs"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('need_id', 'need_id', 'project_id', 'linked_on');
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_delete" AFTER DELETE ON "project_needs"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('need_id');
--> statement-breakpoint

CREATE TRIGGER "indicator_counters_insert" AFTER INSERT ON "service_projects"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('id');
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_update" AFTER UPDATE ON "service_projects"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('id', 'unit_code', 'budget_fen', 'status', 'approved_on', 'closed_on');
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_delete" AFTER DELETE ON "service_projects"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('id');
--> statement-breakpoint

CREATE TRIGGER "indicator_counters_insert" AFTER INSERT ON "purchases"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('project_id');
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_update" AFTER UPDATE ON "purchases"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('project_id', 'project_id');
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_delete" AFTER DELETE ON "purchases"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('project_id');
--> statement-breakpoint

CREATE TRIGGER "indicator_counters_insert" AFTER INSERT ON "service_contracts"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('purchase_id');
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_update" AFTER UPDATE ON "service_contracts"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('purchase_id', 'purchase_id', 'amount_fen', 'signed_on');
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_delete" AFTER DELETE ON "service_contracts"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('purchase_id');
--> statement-breakpoint

CREATE TRIGGER "indicator_counters_insert" AFTER INSERT ON "project_evaluations"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('contract_id');
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_update" AFTER UPDATE ON "project_evaluations"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('contract_id', 'contract_id', 'kind', 'evaluated_on', 'score', 'grade');
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_delete" AFTER DELETE ON "project_evaluations"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('contract_id');
--> statement-breakpoint

CREATE TRIGGER "indicator_counters_insert" AFTER INSERT ON "satisfaction_answers"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('project_id');
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_update" AFTER UPDATE ON "satisfaction_answers"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('project_id', 'project_id', 'answered_on', 'score');
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_delete" AFTER DELETE ON "satisfaction_answers"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('project_id');
--> statement-breakpoint

-- The ledger is append-only (migration `needs_projects_funds_invariants`): lines are only added.
CREATE TRIGGER "indicator_counters_insert" AFTER INSERT ON "journal_lines"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('account_id');
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_update" AFTER UPDATE ON "ledger_accounts"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('project_id', 'project_id', 'kind', 'unit', 'funding_source_id');
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_update" AFTER UPDATE ON "funding_sources"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('id', 'kind');
--> statement-breakpoint

CREATE TRIGGER "indicator_counters_insert" AFTER INSERT ON "volunteers"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('id');
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_update" AFTER UPDATE ON "volunteers"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('id', 'home_community_id', 'registered_on', 'withdrawn_on');
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_delete" AFTER DELETE ON "volunteers"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('id');
--> statement-breakpoint

-- Service records are append-only (a correction is a new record naming the one it replaces, of the
-- same volunteer: migration `volunteers_time_bank_invariants`).
CREATE TRIGGER "indicator_counters_insert" AFTER INSERT ON "volunteer_services"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('volunteer_id');
--> statement-breakpoint

CREATE TRIGGER "indicator_counters_insert" AFTER INSERT ON "grid_events"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('id');
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_update" AFTER UPDATE ON "grid_events"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('id', 'unit_code', 'state', 'closed_at', 'closed_late', 'satisfaction', 'rated_at');
--> statement-breakpoint
-- Steps are append-only (migration `grid_management_consultation_invariants`).
CREATE TRIGGER "indicator_counters_insert" AFTER INSERT ON "grid_event_steps"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('event_id');
--> statement-breakpoint

CREATE TRIGGER "indicator_counters_insert" AFTER INSERT ON "summonses"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('id');
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_update" AFTER UPDATE ON "summonses"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('id', 'community_id', 'issued_at', 'report_due_at');
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_delete" AFTER DELETE ON "summonses"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('id');
--> statement-breakpoint

CREATE TRIGGER "indicator_counters_insert" AFTER INSERT ON "summons_departments"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('summons_id');
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_update" AFTER UPDATE ON "summons_departments"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('summons_id', 'summons_id', 'reported_at');
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_delete" AFTER DELETE ON "summons_departments"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('summons_id');
--> statement-breakpoint

CREATE TRIGGER "indicator_counters_insert" AFTER INSERT ON "consultation_meetings"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('id');
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_update" AFTER UPDATE ON "consultation_meetings"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('id', 'community_id', 'held_on');
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_delete" AFTER DELETE ON "consultation_meetings"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('id');
--> statement-breakpoint

CREATE TRIGGER "indicator_counters_insert" AFTER INSERT ON "meeting_outcomes"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('meeting_id');
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_update" AFTER UPDATE ON "meeting_outcomes"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('meeting_id', 'meeting_id', 'state', 'implemented_on');
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_delete" AFTER DELETE ON "meeting_outcomes"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "indicator_counters_follow"('meeting_id');
--> statement-breakpoint

CREATE TRIGGER "indicator_counters_truncate" AFTER TRUNCATE ON "needs"
  FOR EACH STATEMENT EXECUTE FUNCTION "indicator_counters_truncated"();
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_truncate" AFTER TRUNCATE ON "project_needs"
  FOR EACH STATEMENT EXECUTE FUNCTION "indicator_counters_truncated"();
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_truncate" AFTER TRUNCATE ON "service_projects"
  FOR EACH STATEMENT EXECUTE FUNCTION "indicator_counters_truncated"();
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_truncate" AFTER TRUNCATE ON "purchases"
  FOR EACH STATEMENT EXECUTE FUNCTION "indicator_counters_truncated"();
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_truncate" AFTER TRUNCATE ON "service_contracts"
  FOR EACH STATEMENT EXECUTE FUNCTION "indicator_counters_truncated"();
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_truncate" AFTER TRUNCATE ON "project_evaluations"
  FOR EACH STATEMENT EXECUTE FUNCTION "indicator_counters_truncated"();
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_truncate" AFTER TRUNCATE ON "satisfaction_answers"
  FOR EACH STATEMENT EXECUTE FUNCTION "indicator_counters_truncated"();
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_truncate" AFTER TRUNCATE ON "volunteers"
  FOR EACH STATEMENT EXECUTE FUNCTION "indicator_counters_truncated"();
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_truncate" AFTER TRUNCATE ON "summonses"
  FOR EACH STATEMENT EXECUTE FUNCTION "indicator_counters_truncated"();
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_truncate" AFTER TRUNCATE ON "summons_departments"
  FOR EACH STATEMENT EXECUTE FUNCTION "indicator_counters_truncated"();
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_truncate" AFTER TRUNCATE ON "consultation_meetings"
  FOR EACH STATEMENT EXECUTE FUNCTION "indicator_counters_truncated"();
--> statement-breakpoint
CREATE TRIGGER "indicator_counters_truncate" AFTER TRUNCATE ON "meeting_outcomes"
  FOR EACH STATEMENT EXECUTE FUNCTION "indicator_counters_truncated"();
--> statement-breakpoint

-- What is already recorded is counted once more, here, with the new families.
SELECT indicator_counters_rebuild(district_code) FROM districts;
