DROP INDEX "communities_subdistrict_idx";--> statement-breakpoint
CREATE INDEX "communities_subdistrict_idx" ON "communities" ("district_code","subdistrict_id","code");