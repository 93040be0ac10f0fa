-- 好差评 per service (#19): the resident rates each service of a case on the screen facing
-- them (the intake, each 补正/容缺 delivery, the handing over of the result notice), never
-- a member of staff. A case therefore has several ratings, each tied to one service and to
-- the person who served; a low one opens its own 回访.
--
-- Ratings typed by staff before this migration (one per case, a "visit") stay readable:
-- each becomes a service of kind 'visit' with its rating and follow-up unchanged.

-- One row per service the resident may rate, made when the counter offers the rating on
-- its rating screen (the offer runs until offer_ends_at).
CREATE TABLE case_services (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  case_id        INTEGER NOT NULL REFERENCES cases (id),
  kind           TEXT NOT NULL CHECK (kind IN ('visit', 'intake', 'supply', 'result_notice')),
  -- the timeline event that is the service; NULL only for the ratings of before #19
  event_id       INTEGER REFERENCES case_events (id),
  served_by      INTEGER NOT NULL REFERENCES users (id),
  window_no      TEXT,
  served_on      TEXT NOT NULL,
  offered_at     TEXT,
  offer_ends_at  TEXT,
  CHECK ((kind = 'visit') = (event_id IS NULL)),
  CHECK ((offered_at IS NULL) = (offer_ends_at IS NULL))
) STRICT;
CREATE UNIQUE INDEX case_services_event ON case_services (event_id, kind) WHERE event_id IS NOT NULL;
CREATE INDEX case_services_case ON case_services (case_id, id);
-- The rating screen of a window asks for its open offer.
CREATE INDEX case_services_offers ON case_services (window_no, offer_ends_at) WHERE offer_ends_at IS NOT NULL;

INSERT INTO case_services (case_id, kind, event_id, served_by, window_no, served_on)
SELECT r.case_id, 'visit', NULL, r.clerk_id, c.window_no, substr(r.rated_at, 1, 10)
  FROM case_ratings r JOIN cases c ON c.id = r.case_id
 ORDER BY r.case_id;

CREATE TABLE case_ratings_new (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  case_id      INTEGER NOT NULL REFERENCES cases (id),
  service_id   INTEGER NOT NULL UNIQUE REFERENCES case_services (id),
  score        INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
  comment      TEXT,
  -- the reasons the resident chose for a low rating (a JSON array of words)
  reasons      TEXT CHECK (reasons IS NULL OR (json_valid(reasons) AND json_type(reasons) = 'array')),
  -- the person who served, whom the rating is about
  clerk_id     INTEGER NOT NULL REFERENCES users (id),
  rated_at     TEXT NOT NULL,
  -- the member of staff who typed a rating before #19; NULL: the resident on the rating screen
  recorded_by  INTEGER REFERENCES users (id),
  CHECK (reasons IS NULL OR score <= 2)
) STRICT;
INSERT INTO case_ratings_new (case_id, service_id, score, comment, reasons, clerk_id, rated_at, recorded_by)
SELECT r.case_id, s.id, r.score, r.comment, NULL, r.clerk_id, r.rated_at, r.recorded_by
  FROM case_ratings r JOIN case_services s ON s.case_id = r.case_id AND s.kind = 'visit'
 ORDER BY r.case_id;
DROP TABLE case_ratings;
ALTER TABLE case_ratings_new RENAME TO case_ratings;
CREATE INDEX case_ratings_case ON case_ratings (case_id, id);
CREATE INDEX case_ratings_clerk ON case_ratings (clerk_id, rated_at);
-- 月报: the month's ratings.
CREATE INDEX case_ratings_rated ON case_ratings (rated_at, score);

-- A low rating (1 or 2) is followed up (回访) by someone other than the rated person within
-- 15 working days; closing it records what was found and what was put right (整改).
CREATE TABLE case_follow_ups_new (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  case_id        INTEGER NOT NULL REFERENCES cases (id),
  rating_id      INTEGER NOT NULL UNIQUE REFERENCES case_ratings (id),
  clerk_id       INTEGER NOT NULL REFERENCES users (id),
  opened_on      TEXT NOT NULL,
  due_on         TEXT NOT NULL,
  closed_at      TEXT,
  closed_by      INTEGER REFERENCES users (id),
  note           TEXT,
  -- what was put right; NULL for follow-ups closed before #19
  rectification  TEXT,
  CHECK ((closed_at IS NULL) = (note IS NULL)),
  CHECK (rectification IS NULL OR closed_at IS NOT NULL)
) STRICT;
INSERT INTO case_follow_ups_new (id, case_id, rating_id, clerk_id, opened_on, due_on, closed_at, closed_by, note, rectification)
SELECT f.id, f.case_id, r.id, f.clerk_id, f.opened_on, f.due_on, f.closed_at, f.closed_by, f.note, NULL
  FROM case_follow_ups f JOIN case_ratings r ON r.case_id = f.case_id
 ORDER BY f.id;
DROP TABLE case_follow_ups;
ALTER TABLE case_follow_ups_new RENAME TO case_follow_ups;
CREATE INDEX case_follow_ups_case ON case_follow_ups (case_id, id);
CREATE INDEX case_follow_ups_open ON case_follow_ups (due_on) WHERE closed_at IS NULL;
CREATE INDEX case_follow_ups_clerk_open ON case_follow_ups (clerk_id, due_on) WHERE closed_at IS NULL;
