DROP INDEX "indicator_contributions_anchor_idx";--> statement-breakpoint
CREATE INDEX "indicator_contributions_record_idx" ON "indicator_contributions" ("anchor_id","district_code","family");--> statement-breakpoint
-- The counting of existing districts by the migrations before replaced every row of both tables:
-- statistics from before it would lead the planner astray (a district's family taken for empty).
ANALYZE "indicator_contributions", "indicator_counters";
