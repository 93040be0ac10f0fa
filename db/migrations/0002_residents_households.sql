-- Residents and households. Search keys (reversed numbers, pinyin, name bigrams) are
-- written by db/src/residents/residents.ts beside every insert and update of a resident.

CREATE TABLE residents (
  -- AUTOINCREMENT: logs and cases keep resident ids for years; an id must never be reused.
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  id_number       TEXT NOT NULL UNIQUE CHECK (length(id_number) = 18),
  -- reversed, so that "last 4 to 6 characters" is a prefix range on an index
  id_number_rev   TEXT NOT NULL,
  name            TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
  birth_date      TEXT NOT NULL CHECK (birth_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  sex             TEXT NOT NULL CHECK (sex IN ('male', 'female')),
  phone           TEXT,
  -- digits of the phone reversed: full number and last 4 are both prefix ranges
  phone_rev       TEXT,
  address         TEXT,
  bank_name       TEXT,
  bank_account    TEXT,
  pinyin_full     TEXT NOT NULL DEFAULT '',
  pinyin_initials TEXT NOT NULL DEFAULT '',
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  CHECK ((phone IS NULL) = (phone_rev IS NULL))
) STRICT;

-- BINARY indexes searched by ranges (col >= q AND col < q || U+10FFFF), never by LIKE.
CREATE INDEX residents_id_number_rev ON residents (id_number_rev);
CREATE INDEX residents_name ON residents (name);
CREATE INDEX residents_phone_rev ON residents (phone_rev);
CREATE INDEX residents_pinyin_full ON residents (pinyin_full);
CREATE INDEX residents_pinyin_initials ON residents (pinyin_initials);

-- Every distinct pair of adjacent characters of each name: a 2-character substring
-- (名 of a 2-character name, or the middle of a longer one) is an indexed lookup, which a
-- trigram index cannot serve.
CREATE TABLE resident_name_bigrams (
  bigram      TEXT NOT NULL,
  resident_id INTEGER NOT NULL REFERENCES residents (id) ON DELETE CASCADE,
  PRIMARY KEY (bigram, resident_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX resident_name_bigrams_resident ON resident_name_bigrams (resident_id);

-- Each reveal of a full value, with its reason. `actor` is the user id once accounts
-- exist; the audit issue chains these rows.
CREATE TABLE resident_reveals (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  resident_id INTEGER NOT NULL REFERENCES residents (id),
  field       TEXT NOT NULL CHECK (field IN ('idNumber', 'phone', 'bankAccount')),
  reason      TEXT NOT NULL CHECK (length(trim(reason)) > 0),
  actor       INTEGER,
  at          TEXT NOT NULL
) STRICT;
CREATE INDEX resident_reveals_resident ON resident_reveals (resident_id, at);

CREATE TABLE households (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  address      TEXT,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  -- set when the last member leaves; the household stays for its history
  dissolved_on TEXT
) STRICT;

-- One row per stay of a resident in a household; a move closes one row and opens another,
-- so the composition on any past date can be read back (benefits are decided on it).
CREATE TABLE household_members (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  household_id INTEGER NOT NULL REFERENCES households (id),
  resident_id  INTEGER NOT NULL REFERENCES residents (id),
  -- relation to the head of the household
  relation     TEXT NOT NULL CHECK (relation IN ('本人', '配偶', '子女', '父母', '兄弟姐妹', '孙子女', '祖父母', '儿媳', '女婿', '其他')),
  is_head      INTEGER NOT NULL DEFAULT 0 CHECK (is_head IN (0, 1)),
  joined_on    TEXT NOT NULL,
  left_on      TEXT,
  CHECK (left_on IS NULL OR left_on >= joined_on),
  CHECK ((is_head = 1) = (relation = '本人'))
) STRICT;

-- At most one current household per resident and one current head per household.
CREATE UNIQUE INDEX household_members_one_current ON household_members (resident_id) WHERE left_on IS NULL;
CREATE UNIQUE INDEX household_members_one_head ON household_members (household_id) WHERE left_on IS NULL AND is_head = 1;
CREATE INDEX household_members_household ON household_members (household_id, joined_on);
CREATE INDEX household_members_resident ON household_members (resident_id, joined_on);
