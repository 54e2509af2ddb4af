ALTER TABLE "audit_log" ALTER COLUMN "entity_id" SET DATA TYPE bigint USING "entity_id"::bigint;--> statement-breakpoint
ALTER TABLE "certificate_registrations" ALTER COLUMN "id" SET DATA TYPE bigint USING "id"::bigint;--> statement-breakpoint
ALTER TABLE "certificate_registrations" ALTER COLUMN "id" SET MAXVALUE 9223372036854775807;--> statement-breakpoint
ALTER TABLE "certificate_registrations" ALTER COLUMN "certificate_id" SET DATA TYPE bigint USING "certificate_id"::bigint;--> statement-breakpoint
ALTER TABLE "communities" ALTER COLUMN "id" SET DATA TYPE bigint USING "id"::bigint;--> statement-breakpoint
ALTER TABLE "communities" ALTER COLUMN "id" SET MAXVALUE 9223372036854775807;--> statement-breakpoint
ALTER TABLE "communities" ALTER COLUMN "subdistrict_id" SET DATA TYPE bigint USING "subdistrict_id"::bigint;--> statement-breakpoint
ALTER TABLE "communities" ALTER COLUMN "successor_id" SET DATA TYPE bigint USING "successor_id"::bigint;--> statement-breakpoint
ALTER TABLE "continuing_education_records" ALTER COLUMN "id" SET DATA TYPE bigint USING "id"::bigint;--> statement-breakpoint
ALTER TABLE "continuing_education_records" ALTER COLUMN "id" SET MAXVALUE 9223372036854775807;--> statement-breakpoint
ALTER TABLE "continuing_education_records" ALTER COLUMN "worker_id" SET DATA TYPE bigint USING "worker_id"::bigint;--> statement-breakpoint
ALTER TABLE "grids" ALTER COLUMN "id" SET DATA TYPE bigint USING "id"::bigint;--> statement-breakpoint
ALTER TABLE "grids" ALTER COLUMN "id" SET MAXVALUE 9223372036854775807;--> statement-breakpoint
ALTER TABLE "grids" ALTER COLUMN "community_id" SET DATA TYPE bigint USING "community_id"::bigint;--> statement-breakpoint
ALTER TABLE "grids" ALTER COLUMN "successor_id" SET DATA TYPE bigint USING "successor_id"::bigint;--> statement-breakpoint
ALTER TABLE "organization_communities" ALTER COLUMN "organization_id" SET DATA TYPE bigint USING "organization_id"::bigint;--> statement-breakpoint
ALTER TABLE "organization_communities" ALTER COLUMN "community_id" SET DATA TYPE bigint USING "community_id"::bigint;--> statement-breakpoint
ALTER TABLE "organization_credit_procedures" ALTER COLUMN "id" SET DATA TYPE bigint USING "id"::bigint;--> statement-breakpoint
ALTER TABLE "organization_credit_procedures" ALTER COLUMN "id" SET MAXVALUE 9223372036854775807;--> statement-breakpoint
ALTER TABLE "organization_credit_procedures" ALTER COLUMN "organization_id" SET DATA TYPE bigint USING "organization_id"::bigint;--> statement-breakpoint
ALTER TABLE "organization_credit_procedures" ALTER COLUMN "list_entry_id" SET DATA TYPE bigint USING "list_entry_id"::bigint;--> statement-breakpoint
ALTER TABLE "organization_credit_procedures" ALTER COLUMN "credit_record_id" SET DATA TYPE bigint USING "credit_record_id"::bigint;--> statement-breakpoint
ALTER TABLE "organization_credit_records" ALTER COLUMN "id" SET DATA TYPE bigint USING "id"::bigint;--> statement-breakpoint
ALTER TABLE "organization_credit_records" ALTER COLUMN "id" SET MAXVALUE 9223372036854775807;--> statement-breakpoint
ALTER TABLE "organization_credit_records" ALTER COLUMN "organization_id" SET DATA TYPE bigint USING "organization_id"::bigint;--> statement-breakpoint
ALTER TABLE "organization_disclosures" ALTER COLUMN "id" SET DATA TYPE bigint USING "id"::bigint;--> statement-breakpoint
ALTER TABLE "organization_disclosures" ALTER COLUMN "id" SET MAXVALUE 9223372036854775807;--> statement-breakpoint
ALTER TABLE "organization_disclosures" ALTER COLUMN "organization_id" SET DATA TYPE bigint USING "organization_id"::bigint;--> statement-breakpoint
ALTER TABLE "organization_grades" ALTER COLUMN "id" SET DATA TYPE bigint USING "id"::bigint;--> statement-breakpoint
ALTER TABLE "organization_grades" ALTER COLUMN "id" SET MAXVALUE 9223372036854775807;--> statement-breakpoint
ALTER TABLE "organization_grades" ALTER COLUMN "organization_id" SET DATA TYPE bigint USING "organization_id"::bigint;--> statement-breakpoint
ALTER TABLE "organization_hub_memberships" ALTER COLUMN "id" SET DATA TYPE bigint USING "id"::bigint;--> statement-breakpoint
ALTER TABLE "organization_hub_memberships" ALTER COLUMN "id" SET MAXVALUE 9223372036854775807;--> statement-breakpoint
ALTER TABLE "organization_hub_memberships" ALTER COLUMN "hub_id" SET DATA TYPE bigint USING "hub_id"::bigint;--> statement-breakpoint
ALTER TABLE "organization_hub_memberships" ALTER COLUMN "member_id" SET DATA TYPE bigint USING "member_id"::bigint;--> statement-breakpoint
ALTER TABLE "organization_list_entries" ALTER COLUMN "id" SET DATA TYPE bigint USING "id"::bigint;--> statement-breakpoint
ALTER TABLE "organization_list_entries" ALTER COLUMN "id" SET MAXVALUE 9223372036854775807;--> statement-breakpoint
ALTER TABLE "organization_list_entries" ALTER COLUMN "organization_id" SET DATA TYPE bigint USING "organization_id"::bigint;--> statement-breakpoint
ALTER TABLE "organization_list_entries" ALTER COLUMN "escalated_from_id" SET DATA TYPE bigint USING "escalated_from_id"::bigint;--> statement-breakpoint
ALTER TABLE "organization_status_changes" ALTER COLUMN "id" SET DATA TYPE bigint USING "id"::bigint;--> statement-breakpoint
ALTER TABLE "organization_status_changes" ALTER COLUMN "id" SET MAXVALUE 9223372036854775807;--> statement-breakpoint
ALTER TABLE "organization_status_changes" ALTER COLUMN "organization_id" SET DATA TYPE bigint USING "organization_id"::bigint;--> statement-breakpoint
ALTER TABLE "personal_data_access_log" ALTER COLUMN "entity_id" SET DATA TYPE bigint USING "entity_id"::bigint;--> statement-breakpoint
ALTER TABLE "policy_values" ALTER COLUMN "id" SET DATA TYPE bigint USING "id"::bigint;--> statement-breakpoint
ALTER TABLE "policy_values" ALTER COLUMN "id" SET MAXVALUE 9223372036854775807;--> statement-breakpoint
ALTER TABLE "social_organizations" ALTER COLUMN "id" SET DATA TYPE bigint USING "id"::bigint;--> statement-breakpoint
ALTER TABLE "social_organizations" ALTER COLUMN "id" SET MAXVALUE 9223372036854775807;--> statement-breakpoint
ALTER TABLE "social_organizations" ALTER COLUMN "community_id" SET DATA TYPE bigint USING "community_id"::bigint;--> statement-breakpoint
ALTER TABLE "social_work_certificates" ALTER COLUMN "id" SET DATA TYPE bigint USING "id"::bigint;--> statement-breakpoint
ALTER TABLE "social_work_certificates" ALTER COLUMN "id" SET MAXVALUE 9223372036854775807;--> statement-breakpoint
ALTER TABLE "social_work_certificates" ALTER COLUMN "worker_id" SET DATA TYPE bigint USING "worker_id"::bigint;--> statement-breakpoint
ALTER TABLE "social_worker_posts" ALTER COLUMN "id" SET DATA TYPE bigint USING "id"::bigint;--> statement-breakpoint
ALTER TABLE "social_worker_posts" ALTER COLUMN "id" SET MAXVALUE 9223372036854775807;--> statement-breakpoint
ALTER TABLE "social_worker_posts" ALTER COLUMN "worker_id" SET DATA TYPE bigint USING "worker_id"::bigint;--> statement-breakpoint
ALTER TABLE "social_worker_posts" ALTER COLUMN "organization_id" SET DATA TYPE bigint USING "organization_id"::bigint;--> statement-breakpoint
ALTER TABLE "social_worker_posts" ALTER COLUMN "community_id" SET DATA TYPE bigint USING "community_id"::bigint;--> statement-breakpoint
ALTER TABLE "social_workers" ALTER COLUMN "id" SET DATA TYPE bigint USING "id"::bigint;--> statement-breakpoint
ALTER TABLE "social_workers" ALTER COLUMN "id" SET MAXVALUE 9223372036854775807;--> statement-breakpoint
ALTER TABLE "subdistricts" ALTER COLUMN "id" SET DATA TYPE bigint USING "id"::bigint;--> statement-breakpoint
ALTER TABLE "subdistricts" ALTER COLUMN "id" SET MAXVALUE 9223372036854775807;--> statement-breakpoint
ALTER TABLE "subdistricts" ALTER COLUMN "successor_id" SET DATA TYPE bigint USING "successor_id"::bigint;