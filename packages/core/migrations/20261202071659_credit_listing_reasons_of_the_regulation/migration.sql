-- Listing reasons are now the regulation's own, per list (社会组织信用信息管理办法, 第十条 for the
-- abnormal-activity list, 第十四条 for the serious dishonesty list). Entries stored under a code
-- that no longer exists, or under a reason of the other list (formerly accepted on either list),
-- become the list's catch-all 'other', keeping what they said in the detail.
UPDATE "organization_list_entries"
SET
  "reason_detail" = coalesce("reason_detail", CASE "reason"
    WHEN 'disclosure_missing' THEN '未按照规定公开信息'
    WHEN 'false_information' THEN '公开的信息隐瞒真实情况、弄虚作假'
    WHEN 'serious_violation' THEN '受到限期停止活动或撤销登记等行政处罚'
    WHEN 'annual_report_missing' THEN '未按照规定时限报送年度工作报告'
    WHEN 'unreachable' THEN '通过登记的住所无法与其取得联系'
    WHEN 'abnormal_two_years' THEN '列入活动异常名录满2年'
    ELSE "reason"
  END),
  "reason" = 'other',
  "version" = "version" + 1,
  "updated_at" = now()
WHERE
  ("list" = 'abnormal_activity' AND "reason" NOT IN (
    'annual_report_missing', 'party_organization_missing', 'rectification_overdue',
    'public_fundraising_breach', 'warning_or_small_fine', 'unreachable', 'other'))
  OR ("list" = 'serious_dishonesty' AND "reason" NOT IN (
    'abnormal_two_years', 'change_registration_revoked', 'activities_suspended',
    'fine_50000_or_more', 'repeated_warnings_or_fines', 'dishonest_judgment_debtor',
    'registration_revoked', 'other'));
