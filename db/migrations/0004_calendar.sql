-- Working-day calendar: only the exceptions to the weekly rule are stored. A date with no
-- row follows the rule (Monday to Friday working, Saturday and Sunday not). A 'holiday'
-- row makes a day a rest day (weekend days inside a holiday period are listed too, because
-- the centre is closed on them even though they were never working days); a 'workday' row
-- is a make-up working Saturday or Sunday (调休上班).
--
-- `source` tells where a row came from, so the administrator's screen can show which days
-- were changed by hand: 'official' (shipped here), 'admin' (calendar.setDay), 'import'
-- (calendar.import).
CREATE TABLE calendar_days (
  date       TEXT PRIMARY KEY
             CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(date) IS date),
  kind       TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
  name       TEXT CHECK (name IS NULL OR length(name) <= 40),
  source     TEXT NOT NULL CHECK (source IN ('official', 'admin', 'import')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT, WITHOUT ROWID;

-- Seed: the State Council's holiday notices, every holiday day and every make-up working day.
--   2025: 国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号，2024-11-12），
--         full text as released by Xinhua: https://m.gmw.cn/2024-11/12/content_1303894933.htm
--   2026: 国务院办公厅关于2026年部分节假日安排的通知（2025-11-04），
--         full text as released by Xinhua: https://politics.gmw.cn/2025-11/04/content_38391083.htm
--   Cross-checked day by day against the npm package chinese-days 1.5.7 (dist/chinese-days.json).
--   2027 is not shipped: no 2027 notice was found in a citable source (chinese-days 1.5.7 was
--   released in May 2026, before it); the administrator imports it with calendar.import
--   (docs/calendar-import.md) once it is published.
INSERT INTO calendar_days (date, kind, name, source) VALUES
-- 2025
  ('2025-01-01', 'holiday', '元旦', 'official'), -- 周三
  ('2025-01-26', 'workday', '春节调休上班', 'official'), -- 周日
  ('2025-01-28', 'holiday', '春节', 'official'), -- 周二
  ('2025-01-29', 'holiday', '春节', 'official'), -- 周三
  ('2025-01-30', 'holiday', '春节', 'official'), -- 周四
  ('2025-01-31', 'holiday', '春节', 'official'), -- 周五
  ('2025-02-01', 'holiday', '春节', 'official'), -- 周六
  ('2025-02-02', 'holiday', '春节', 'official'), -- 周日
  ('2025-02-03', 'holiday', '春节', 'official'), -- 周一
  ('2025-02-04', 'holiday', '春节', 'official'), -- 周二
  ('2025-02-08', 'workday', '春节调休上班', 'official'), -- 周六
  ('2025-04-04', 'holiday', '清明节', 'official'), -- 周五
  ('2025-04-05', 'holiday', '清明节', 'official'), -- 周六
  ('2025-04-06', 'holiday', '清明节', 'official'), -- 周日
  ('2025-04-27', 'workday', '劳动节调休上班', 'official'), -- 周日
  ('2025-05-01', 'holiday', '劳动节', 'official'), -- 周四
  ('2025-05-02', 'holiday', '劳动节', 'official'), -- 周五
  ('2025-05-03', 'holiday', '劳动节', 'official'), -- 周六
  ('2025-05-04', 'holiday', '劳动节', 'official'), -- 周日
  ('2025-05-05', 'holiday', '劳动节', 'official'), -- 周一
  ('2025-05-31', 'holiday', '端午节', 'official'), -- 周六
  ('2025-06-01', 'holiday', '端午节', 'official'), -- 周日
  ('2025-06-02', 'holiday', '端午节', 'official'), -- 周一
  ('2025-09-28', 'workday', '国庆节、中秋节调休上班', 'official'), -- 周日
  ('2025-10-01', 'holiday', '国庆节、中秋节', 'official'), -- 周三
  ('2025-10-02', 'holiday', '国庆节、中秋节', 'official'), -- 周四
  ('2025-10-03', 'holiday', '国庆节、中秋节', 'official'), -- 周五
  ('2025-10-04', 'holiday', '国庆节、中秋节', 'official'), -- 周六
  ('2025-10-05', 'holiday', '国庆节、中秋节', 'official'), -- 周日
  ('2025-10-06', 'holiday', '国庆节、中秋节', 'official'), -- 周一
  ('2025-10-07', 'holiday', '国庆节、中秋节', 'official'), -- 周二
  ('2025-10-08', 'holiday', '国庆节、中秋节', 'official'), -- 周三
  ('2025-10-11', 'workday', '国庆节、中秋节调休上班', 'official'), -- 周六
-- 2026
  ('2026-01-01', 'holiday', '元旦', 'official'), -- 周四
  ('2026-01-02', 'holiday', '元旦', 'official'), -- 周五
  ('2026-01-03', 'holiday', '元旦', 'official'), -- 周六
  ('2026-01-04', 'workday', '元旦调休上班', 'official'), -- 周日
  ('2026-02-14', 'workday', '春节调休上班', 'official'), -- 周六
  ('2026-02-15', 'holiday', '春节', 'official'), -- 周日
  ('2026-02-16', 'holiday', '春节', 'official'), -- 周一
  ('2026-02-17', 'holiday', '春节', 'official'), -- 周二
  ('2026-02-18', 'holiday', '春节', 'official'), -- 周三
  ('2026-02-19', 'holiday', '春节', 'official'), -- 周四
  ('2026-02-20', 'holiday', '春节', 'official'), -- 周五
  ('2026-02-21', 'holiday', '春节', 'official'), -- 周六
  ('2026-02-22', 'holiday', '春节', 'official'), -- 周日
  ('2026-02-23', 'holiday', '春节', 'official'), -- 周一
  ('2026-02-28', 'workday', '春节调休上班', 'official'), -- 周六
  ('2026-04-04', 'holiday', '清明节', 'official'), -- 周六
  ('2026-04-05', 'holiday', '清明节', 'official'), -- 周日
  ('2026-04-06', 'holiday', '清明节', 'official'), -- 周一
  ('2026-05-01', 'holiday', '劳动节', 'official'), -- 周五
  ('2026-05-02', 'holiday', '劳动节', 'official'), -- 周六
  ('2026-05-03', 'holiday', '劳动节', 'official'), -- 周日
  ('2026-05-04', 'holiday', '劳动节', 'official'), -- 周一
  ('2026-05-05', 'holiday', '劳动节', 'official'), -- 周二
  ('2026-05-09', 'workday', '劳动节调休上班', 'official'), -- 周六
  ('2026-06-19', 'holiday', '端午节', 'official'), -- 周五
  ('2026-06-20', 'holiday', '端午节', 'official'), -- 周六
  ('2026-06-21', 'holiday', '端午节', 'official'), -- 周日
  ('2026-09-20', 'workday', '国庆节调休上班', 'official'), -- 周日
  ('2026-09-25', 'holiday', '中秋节', 'official'), -- 周五
  ('2026-09-26', 'holiday', '中秋节', 'official'), -- 周六
  ('2026-09-27', 'holiday', '中秋节', 'official'), -- 周日
  ('2026-10-01', 'holiday', '国庆节', 'official'), -- 周四
  ('2026-10-02', 'holiday', '国庆节', 'official'), -- 周五
  ('2026-10-03', 'holiday', '国庆节', 'official'), -- 周六
  ('2026-10-04', 'holiday', '国庆节', 'official'), -- 周日
  ('2026-10-05', 'holiday', '国庆节', 'official'), -- 周一
  ('2026-10-06', 'holiday', '国庆节', 'official'), -- 周二
  ('2026-10-07', 'holiday', '国庆节', 'official'), -- 周三
  ('2026-10-10', 'workday', '国庆节调休上班', 'official'); -- 周六

