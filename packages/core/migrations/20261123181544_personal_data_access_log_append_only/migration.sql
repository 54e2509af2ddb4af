-- The personal-data access log is append-only (PIPL: every access to personal data is recorded
-- and the record cannot be rewritten). The product offers no way to change it; this trigger makes
-- the database refuse it too, whoever connects.
CREATE FUNCTION "personal_data_access_log_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'personal_data_access_log is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;--> statement-breakpoint
CREATE TRIGGER "personal_data_access_log_append_only"
  BEFORE UPDATE OR DELETE ON "personal_data_access_log"
  FOR EACH ROW EXECUTE FUNCTION "personal_data_access_log_refuse_change"();--> statement-breakpoint
CREATE TRIGGER "personal_data_access_log_no_truncate"
  BEFORE TRUNCATE ON "personal_data_access_log"
  FOR EACH STATEMENT EXECUTE FUNCTION "personal_data_access_log_refuse_change"();
