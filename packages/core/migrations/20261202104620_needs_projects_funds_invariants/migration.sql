-- What the schema of the service chain cannot say (docs/domain.md §6), said by the database itself so
-- that it holds whoever connects: the ledger is append-only and every entry balances in each unit,
-- account balances are the sums of their lines, idempotency keys are written once, and a purchase
-- moves only along its stages.

-- 1. Journal entries, their lines and idempotency keys are never changed or deleted: a correction
--    is a new entry that reverses the first.
CREATE FUNCTION "ledger_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;--> statement-breakpoint
CREATE TRIGGER "journal_entries_append_only"
  BEFORE UPDATE OR DELETE ON "journal_entries"
  FOR EACH ROW EXECUTE FUNCTION "ledger_refuse_change"();--> statement-breakpoint
CREATE TRIGGER "journal_entries_no_truncate"
  BEFORE TRUNCATE ON "journal_entries"
  FOR EACH STATEMENT EXECUTE FUNCTION "ledger_refuse_change"();--> statement-breakpoint
CREATE TRIGGER "journal_lines_append_only"
  BEFORE UPDATE OR DELETE ON "journal_lines"
  FOR EACH ROW EXECUTE FUNCTION "ledger_refuse_change"();--> statement-breakpoint
CREATE TRIGGER "journal_lines_no_truncate"
  BEFORE TRUNCATE ON "journal_lines"
  FOR EACH STATEMENT EXECUTE FUNCTION "ledger_refuse_change"();--> statement-breakpoint
CREATE TRIGGER "idempotency_keys_append_only"
  BEFORE UPDATE OR DELETE ON "idempotency_keys"
  FOR EACH ROW EXECUTE FUNCTION "ledger_refuse_change"();--> statement-breakpoint
CREATE TRIGGER "idempotency_keys_no_truncate"
  BEFORE TRUNCATE ON "idempotency_keys"
  FOR EACH STATEMENT EXECUTE FUNCTION "ledger_refuse_change"();--> statement-breakpoint

-- 2. Every entry has at least two lines and they sum to zero in each unit. Checked when the
--    transaction commits (a deferred constraint trigger), so an entry and its lines are written
--    in any order within one transaction; an unbalanced entry makes the whole commit fail.
CREATE FUNCTION "journal_entry_check_balanced"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  -- The entry's id: the column named by the trigger's argument ("id" of an entry, "entry_id" of a line).
  entry bigint := (to_jsonb(NEW) ->> TG_ARGV[0])::bigint;
  line_count bigint;
  unbalanced text;
BEGIN
  SELECT count(*) INTO line_count
    FROM "journal_lines"
   WHERE "district_code" = NEW."district_code" AND "entry_id" = entry;
  SELECT string_agg(unit || ' ' || total, ', ' ORDER BY unit) INTO unbalanced
    FROM (
      SELECT "unit" AS unit, sum("amount") AS total
        FROM "journal_lines"
       WHERE "district_code" = NEW."district_code" AND "entry_id" = entry
       GROUP BY "unit"
      HAVING sum("amount") <> 0
    ) per_unit;
  IF line_count < 2 THEN
    RAISE EXCEPTION 'journal entry % has % line(s): an entry moves between at least two accounts', entry, line_count
      USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_entries_balanced', TABLE = 'journal_entries';
  END IF;
  IF unbalanced IS NOT NULL THEN
    RAISE EXCEPTION 'journal entry % does not sum to zero: %', entry, unbalanced
      USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_entries_balanced', TABLE = 'journal_entries';
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "journal_entries_balanced"
  AFTER INSERT ON "journal_entries"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION "journal_entry_check_balanced"('id');--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "journal_lines_balanced"
  AFTER INSERT ON "journal_lines"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION "journal_entry_check_balanced"('entry_id');--> statement-breakpoint

-- 3. An account's balance is the sum of its lines, added as each line is written. The update takes
--    the account's row lock, so concurrent movements on one account follow one another, and the
--    CHECK "ledger_accounts_floor" refuses a line that would take the balance below the floor.
CREATE FUNCTION "ledger_accounts_add_line"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "ledger_accounts" SET "balance" = "balance" + NEW."amount"
   WHERE "district_code" = NEW."district_code" AND "id" = NEW."account_id";
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "journal_lines_add_to_balance"
  AFTER INSERT ON "journal_lines"
  FOR EACH ROW EXECUTE FUNCTION "ledger_accounts_add_line"();--> statement-breakpoint

-- An account is never deleted, its kind, unit and owners never change, and its balance moves only
-- by its lines (the trigger above, one level down); only its floor may be changed.
CREATE FUNCTION "ledger_accounts_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'UPDATE' THEN
    RAISE EXCEPTION 'ledger_accounts are never deleted: % is not allowed', TG_OP
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF (NEW."district_code", NEW."id", NEW."kind", NEW."unit", NEW."funding_source_id", NEW."project_id",
      NEW."organization_id", NEW."opened_on", NEW."recorded_at")
     IS DISTINCT FROM
     (OLD."district_code", OLD."id", OLD."kind", OLD."unit", OLD."funding_source_id", OLD."project_id",
      OLD."organization_id", OLD."opened_on", OLD."recorded_at")
     OR (NEW."balance" <> OLD."balance" AND pg_trigger_depth() < 2) THEN
    RAISE EXCEPTION 'a ledger account changes only its floor; its balance moves by journal lines'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER "ledger_accounts_guard"
  BEFORE UPDATE OR DELETE ON "ledger_accounts"
  FOR EACH ROW EXECUTE FUNCTION "ledger_accounts_guard"();--> statement-breakpoint
CREATE TRIGGER "ledger_accounts_no_truncate"
  BEFORE TRUNCATE ON "ledger_accounts"
  FOR EACH STATEMENT EXECUTE FUNCTION "ledger_refuse_change"();--> statement-breakpoint

-- 4. A purchase moves one stage forward at a time (plan → tender → bids → award → contract →
--    implementation → evaluation → closure), or is cancelled before a contract exists; nothing
--    else, and nothing after closure or cancellation.
CREATE FUNCTION "purchases_check_stage_transition"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (OLD."stage", NEW."stage") NOT IN (
    ('plan', 'tender'), ('tender', 'bids'), ('bids', 'award'), ('award', 'contract'),
    ('contract', 'implementation'), ('implementation', 'evaluation'), ('evaluation', 'closure'),
    ('plan', 'cancelled'), ('tender', 'cancelled'), ('bids', 'cancelled'), ('award', 'cancelled')
  ) THEN
    RAISE EXCEPTION 'a purchase cannot move from stage % to stage %', OLD."stage", NEW."stage"
      USING ERRCODE = 'check_violation', CONSTRAINT = 'purchases_stage_transition', TABLE = 'purchases';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER "purchases_stage_transition"
  BEFORE UPDATE OF "stage" ON "purchases"
  FOR EACH ROW WHEN (OLD."stage" IS DISTINCT FROM NEW."stage")
  EXECUTE FUNCTION "purchases_check_stage_transition"();
