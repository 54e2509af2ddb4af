-- Live queues (docs/domain.md §7.10): every committed change of a grid event is announced on the
-- channel `sanshe_grid_events`, whoever wrote it (a gateway process, the overdue job, another
-- process on the same database), so each gateway can feed its subscribers without polling.
-- NOTIFY is delivered only when the writing transaction commits, and only what a subscriber may
-- see is sent on by the gateway: the payload carries the routing facts, never the event's text.
CREATE FUNCTION "grid_events_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('sanshe_grid_events', json_build_object(
    'districtCode', NEW."district_code",
    'id', NEW."id",
    'version', NEW."version",
    'operation', lower(TG_OP),
    'state', NEW."state",
    'previousState', CASE WHEN TG_OP = 'UPDATE' THEN OLD."state" END,
    'unitCode', NEW."unit_code",
    'departmentId', NEW."department_id",
    'previousDepartmentId', CASE WHEN TG_OP = 'UPDATE' THEN OLD."department_id" END,
    'reportedBy', NEW."reported_by"
  )::text);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "grid_events_notify"
  AFTER INSERT OR UPDATE ON "grid_events"
  FOR EACH ROW EXECUTE FUNCTION "grid_events_notify"();
