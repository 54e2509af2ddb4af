-- What the schema of grid management and consultation cannot say (docs/domain.md §7–§8), said by
-- the database itself so that it holds whoever connects.

-- 1. The loop is replayable: the steps of an event, patrols and grid boundaries are append-only
--    (a new boundary is a new row from a later day).
CREATE TRIGGER "grid_event_steps_append_only"
  BEFORE UPDATE OR DELETE ON "grid_event_steps"
  FOR EACH ROW EXECUTE FUNCTION "ledger_refuse_change"();--> statement-breakpoint
CREATE TRIGGER "grid_event_steps_no_truncate"
  BEFORE TRUNCATE ON "grid_event_steps"
  FOR EACH STATEMENT EXECUTE FUNCTION "ledger_refuse_change"();--> statement-breakpoint
CREATE TRIGGER "patrol_records_append_only"
  BEFORE UPDATE OR DELETE ON "patrol_records"
  FOR EACH ROW EXECUTE FUNCTION "ledger_refuse_change"();--> statement-breakpoint
CREATE TRIGGER "patrol_records_no_truncate"
  BEFORE TRUNCATE ON "patrol_records"
  FOR EACH STATEMENT EXECUTE FUNCTION "ledger_refuse_change"();--> statement-breakpoint
CREATE TRIGGER "grid_boundaries_append_only"
  BEFORE UPDATE OR DELETE ON "grid_boundaries"
  FOR EACH ROW EXECUTE FUNCTION "ledger_refuse_change"();--> statement-breakpoint
CREATE TRIGGER "grid_boundaries_no_truncate"
  BEFORE TRUNCATE ON "grid_boundaries"
  FOR EACH STATEMENT EXECUTE FUNCTION "ledger_refuse_change"();--> statement-breakpoint

-- 2. An event starts collected (信息收集) and moves only along the five-step loop and its
--    return, rejection, re-routing and reopening (grid-events/event-lifecycle.ts): nothing else.
CREATE FUNCTION "grid_events_check_transition"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW."state" <> 'collected' THEN
      RAISE EXCEPTION 'a grid event starts collected, not %', NEW."state"
        USING ERRCODE = 'check_violation', CONSTRAINT = 'grid_events_transition', TABLE = 'grid_events';
    END IF;
    RETURN NEW;
  END IF;
  IF (OLD."state", NEW."state") NOT IN (
    ('collected', 'dispatched'), ('dispatched', 'handling'), ('handling', 'fed_back'), ('fed_back', 'closed'),
    ('dispatched', 'collected'), ('handling', 'collected'), ('handling', 'dispatched'),
    ('fed_back', 'handling'), ('closed', 'dispatched')
  ) THEN
    RAISE EXCEPTION 'a grid event cannot move from % to %', OLD."state", NEW."state"
      USING ERRCODE = 'check_violation', CONSTRAINT = 'grid_events_transition', TABLE = 'grid_events';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER "grid_events_transition_insert"
  BEFORE INSERT ON "grid_events"
  FOR EACH ROW EXECUTE FUNCTION "grid_events_check_transition"();--> statement-breakpoint
CREATE TRIGGER "grid_events_transition"
  BEFORE UPDATE OF "state" ON "grid_events"
  FOR EACH ROW WHEN (OLD."state" IS DISTINCT FROM NEW."state")
  EXECUTE FUNCTION "grid_events_check_transition"();--> statement-breakpoint

-- 3. Grid events are kept: closed, never deleted.
CREATE TRIGGER "grid_events_no_delete"
  BEFORE DELETE ON "grid_events"
  FOR EACH ROW EXECUTE FUNCTION "ledger_refuse_change"();--> statement-breakpoint
CREATE TRIGGER "grid_events_no_truncate"
  BEFORE TRUNCATE ON "grid_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "ledger_refuse_change"();
