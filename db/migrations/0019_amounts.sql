-- Age tiers step up by themselves (issue 17). A step is a row of beneficiary_changes, kind
-- 'change', marked rule = 'age_tier' and recorded at approval for every later tier (see
-- db/src/beneficiaries/tier-steps.ts): amountInMonth, the roster's SQL and the monthly
-- totals kept by 0010's triggers read it like any change, with no age arithmetic per row.
-- The marker lets a manual change ignore the steps still to come and a re-approval replace
-- them.
ALTER TABLE beneficiary_changes ADD COLUMN rule TEXT CHECK (rule IS NULL OR (rule = 'age_tier' AND kind = 'change'));

-- Backfill: every active benefit paid by age tier gets the steps its item version declares
-- (a version stored before tierStepFrom existed steps in the birthday month, the rule its
-- approvals used). Months already past are not rewritten (their rosters went out): a step
-- that should have come between the benefit's latest decision and this month is recorded
-- once, from next month, at the highest tier reached, its reason saying so; any arrears
-- are a decision of their own. Later steps keep their months. The age rule is
-- db/src/shared/age.ts's: a 29 February birthday turns over on 1 March (SQLite's date()
-- normalises 02-29 of a common year to 03-01).
INSERT INTO beneficiary_changes (beneficiary_id, kind, effective_month, amount_fen, reason, case_id, actor_id, actor_name, at, rule)
WITH now_month AS (SELECT strftime('%Y-%m', 'now', '+8 hours') AS m),
ben AS (
  SELECT b.id, b.start_month, r.birth_date AS birth,
         (SELECT ch.case_id FROM beneficiary_changes ch
           WHERE ch.beneficiary_id = b.id AND ch.case_id IS NOT NULL AND ch.kind <> 'stop' ORDER BY ch.id DESC LIMIT 1) AS case_id,
         (SELECT ch.actor_id FROM beneficiary_changes ch WHERE ch.beneficiary_id = b.id ORDER BY ch.id LIMIT 1) AS actor_id,
         max(b.start_month, coalesce((SELECT max(ch.effective_month) FROM beneficiary_changes ch WHERE ch.beneficiary_id = b.id), '')) AS decided
    FROM beneficiaries b JOIN residents r ON r.id = b.resident_id
   WHERE b.status = 'active' AND b.amount_source = 'age_tier'
),
tier AS (
  SELECT ben.*, v.definition,
         coalesce(json_extract(v.definition, '$.recurring.tierStepFrom'), 'birthday_month') AS step_from,
         j.key AS idx,
         json_extract(j.value, '$.minAge') AS min_age,
         json_extract(j.value, '$.maxAge') AS max_age,
         json_extract(j.value, '$.monthlyAmount') AS yuan,
         (SELECT json_extract(p.value, '$.monthlyAmount') FROM json_each(v.definition, '$.recurring.ageTiers') p WHERE p.key = j.key - 1) AS prev_yuan
    FROM ben
    JOIN cases c ON c.id = ben.case_id
    JOIN catalogue_item_versions v ON v.code = c.item_code AND v.version = c.item_version
    JOIN json_each(v.definition, '$.recurring.ageTiers') j
),
dated AS (
  SELECT tier.*, date(printf('%04d', CAST(substr(birth, 1, 4) AS INTEGER) + min_age) || substr(birth, 5)) AS birthday FROM tier
),
step AS (
  SELECT dated.*,
         CASE step_from WHEN 'next_month' THEN strftime('%Y-%m', birthday, 'start of month', '+1 month') ELSE strftime('%Y-%m', birthday) END AS month,
         '年满' || min_age || '周岁，按新年龄档发放（' ||
           CASE WHEN max_age IS NULL THEN min_age || '岁以上' WHEN max_age = min_age THEN min_age || '岁' ELSE min_age || '–' || max_age || '岁' END ||
           '，每月' || yuan || '元；' || min_age || '周岁生日 ' || birthday AS reason
    FROM dated
   WHERE prev_yuan IS NULL OR round(prev_yuan * 100) <> round(yuan * 100)
),
missed AS (
  -- the highest tier reached after the latest decision and by this month, per benefit
  SELECT s.*, (SELECT m FROM now_month) AS now_m FROM step s
   WHERE s.month > s.decided AND s.month <= (SELECT m FROM now_month)
     AND NOT EXISTS (SELECT 1 FROM step later WHERE later.id = s.id AND later.month > s.decided AND later.month <= (SELECT m FROM now_month) AND later.min_age > s.min_age)
),
todo AS (
  SELECT id, strftime('%Y-%m', now_m || '-01', '+1 month') AS month, yuan, case_id, actor_id, min_age,
         reason || '；应自' || month || '起，系统升级时补记，自' || strftime('%Y-%m', now_m || '-01', '+1 month') || '起发放，此前月份的差额如需补发请另行办理）' AS reason
    FROM missed
   -- not when the amount paid already is this tier's (e.g. a reviewer changed it by hand)
   WHERE round(yuan * 100) <> (SELECT ch.amount_fen FROM beneficiary_changes ch WHERE ch.beneficiary_id = missed.id AND ch.kind <> 'stop'
                                ORDER BY ch.effective_month DESC, ch.id DESC LIMIT 1)
  UNION ALL
  SELECT id, month, yuan, case_id, actor_id, min_age, reason || '）'
    FROM step WHERE month > max(decided, (SELECT m FROM now_month))
)
SELECT id, 'change', month, CAST(round(yuan * 100) AS INTEGER), reason, case_id, actor_id, '系统（升级时按年龄档补记）',
       strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'age_tier'
  FROM todo
 ORDER BY id, month, min_age;
