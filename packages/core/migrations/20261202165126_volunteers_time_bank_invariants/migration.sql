-- What the schema of volunteers and the time bank cannot say (docs/domain.md §5), said by the
-- database itself so that it holds whoever connects.

-- 1. A volunteer's record is never edited in place (民政部令第67号: records are true and kept): service
--    records, training, commendations and evaluations are append-only; a correction is a new record.
CREATE TRIGGER "volunteer_services_append_only"
  BEFORE UPDATE OR DELETE ON "volunteer_services"
  FOR EACH ROW EXECUTE FUNCTION "ledger_refuse_change"();--> statement-breakpoint
CREATE TRIGGER "volunteer_services_no_truncate"
  BEFORE TRUNCATE ON "volunteer_services"
  FOR EACH STATEMENT EXECUTE FUNCTION "ledger_refuse_change"();--> statement-breakpoint
CREATE TRIGGER "volunteer_record_items_append_only"
  BEFORE UPDATE OR DELETE ON "volunteer_record_items"
  FOR EACH ROW EXECUTE FUNCTION "ledger_refuse_change"();--> statement-breakpoint
CREATE TRIGGER "volunteer_record_items_no_truncate"
  BEFORE TRUNCATE ON "volunteer_record_items"
  FOR EACH STATEMENT EXECUTE FUNCTION "ledger_refuse_change"();--> statement-breakpoint

-- 2. A correction corrects a record of the same volunteer.
CREATE FUNCTION "volunteer_services_check_correction"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."corrects_service_id" IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM "volunteer_services"
     WHERE "district_code" = NEW."district_code" AND "id" = NEW."corrects_service_id"
       AND "volunteer_id" = NEW."volunteer_id"
  ) THEN
    RAISE EXCEPTION 'a correction names a service record of the same volunteer'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'volunteer_services_correction_same_volunteer',
            TABLE = 'volunteer_services';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER "volunteer_services_correction_same_volunteer"
  BEFORE INSERT ON "volunteer_services"
  FOR EACH ROW EXECUTE FUNCTION "volunteer_services_check_correction"();--> statement-breakpoint

-- 3. A certificate, once issued, changes only by being revoked (once).
CREATE FUNCTION "volunteer_certificates_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'UPDATE' THEN
    RAISE EXCEPTION 'volunteer_certificates are revoked, never deleted: % is not allowed', TG_OP
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD."revoked_on" IS NOT NULL
     OR (to_jsonb(NEW) - 'revoked_on' - 'revocation_reason') IS DISTINCT FROM (to_jsonb(OLD) - 'revoked_on' - 'revocation_reason') THEN
    RAISE EXCEPTION 'a volunteer certificate changes only by being revoked, once'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER "volunteer_certificates_guard"
  BEFORE UPDATE OR DELETE ON "volunteer_certificates"
  FOR EACH ROW EXECUTE FUNCTION "volunteer_certificates_guard"();--> statement-breakpoint
CREATE TRIGGER "volunteer_certificates_no_truncate"
  BEFORE TRUNCATE ON "volunteer_certificates"
  FOR EACH STATEMENT EXECUTE FUNCTION "ledger_refuse_change"();--> statement-breakpoint

-- 4. Why the ledger moved points is kept as the ledger is: append-only.
CREATE TRIGGER "time_bank_earnings_append_only"
  BEFORE UPDATE OR DELETE ON "time_bank_earnings"
  FOR EACH ROW EXECUTE FUNCTION "ledger_refuse_change"();--> statement-breakpoint
CREATE TRIGGER "time_bank_exchanges_append_only"
  BEFORE UPDATE OR DELETE ON "time_bank_exchanges"
  FOR EACH ROW EXECUTE FUNCTION "ledger_refuse_change"();--> statement-breakpoint
CREATE TRIGGER "time_bank_transfers_append_only"
  BEFORE UPDATE OR DELETE ON "time_bank_transfers"
  FOR EACH ROW EXECUTE FUNCTION "ledger_refuse_change"();--> statement-breakpoint

-- 5. The ledger's accounts gained owners (a volunteer, a team, a community): they never change either.
CREATE OR REPLACE FUNCTION "ledger_accounts_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'UPDATE' THEN
    RAISE EXCEPTION 'ledger_accounts are never deleted: % is not allowed', TG_OP
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF (NEW."district_code", NEW."id", NEW."kind", NEW."unit", NEW."funding_source_id", NEW."project_id",
      NEW."organization_id", NEW."volunteer_id", NEW."team_id", NEW."community_id", NEW."opened_on",
      NEW."recorded_at")
     IS DISTINCT FROM
     (OLD."district_code", OLD."id", OLD."kind", OLD."unit", OLD."funding_source_id", OLD."project_id",
      OLD."organization_id", OLD."volunteer_id", OLD."team_id", OLD."community_id", OLD."opened_on",
      OLD."recorded_at")
     OR (NEW."balance" <> OLD."balance" AND pg_trigger_depth() < 2) THEN
    RAISE EXCEPTION 'a ledger account changes only its floor; its balance moves by journal lines'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;
