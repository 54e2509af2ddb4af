-- Live queues announce changes of an event, not maintenance of its row: every write of the loop
-- and the overdue job moves the event's version, while rewriting how a caller's phone is sealed
-- (rotating keys, personal-data/key-rotation.ts) does not, and must not wake every subscriber of
-- a district once per event.
DROP TRIGGER "grid_events_notify" ON "grid_events";--> statement-breakpoint
CREATE TRIGGER "grid_events_notify_insert"
  AFTER INSERT ON "grid_events"
  FOR EACH ROW EXECUTE FUNCTION "grid_events_notify"();--> statement-breakpoint
CREATE TRIGGER "grid_events_notify_update"
  AFTER UPDATE ON "grid_events"
  FOR EACH ROW WHEN (OLD."version" IS DISTINCT FROM NEW."version")
  EXECUTE FUNCTION "grid_events_notify"();
