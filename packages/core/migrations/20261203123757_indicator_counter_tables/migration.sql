CREATE TABLE "indicator_contributions" (
	"district_code" char(6),
	"family" varchar(24),
	"anchor_id" bigint,
	"figure" varchar(48),
	"unit_code" varchar(12),
	"from_day" date,
	"until_day" date,
	"amount" numeric NOT NULL,
	CONSTRAINT "indicator_contributions_pkey" PRIMARY KEY("district_code","family","anchor_id","figure","unit_code","from_day"),
	CONSTRAINT "indicator_contributions_span" CHECK ("until_day" is null or "until_day" > "from_day")
);
--> statement-breakpoint
CREATE TABLE "indicator_counters" (
	"district_code" char(6),
	"unit_code" varchar(12),
	"span" char(1),
	"starts_on" date,
	"figure" varchar(48),
	"amount" numeric NOT NULL,
	CONSTRAINT "indicator_counters_pkey" PRIMARY KEY("district_code","unit_code","span","starts_on","figure"),
	CONSTRAINT "indicator_counters_span" CHECK ("span" in ('y', 'm', 'd'))
);
