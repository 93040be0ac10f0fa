-- Worklist 容缺到期: the in-progress cases with a deferred material still outstanding.
-- Driving that group from case_materials_deferred visits every outstanding deferred
-- material of the centre's whole history (most belong to cases long closed), and driving
-- it from the running cases probes the materials of every running case; both grow with
-- the archive. Each case therefore carries the earliest due day of its outstanding
-- deferred materials, kept by triggers so that no write path can forget it, and a partial
-- index holds only the running cases that have one.
ALTER TABLE cases ADD COLUMN open_deferred_due TEXT;

UPDATE cases
   SET open_deferred_due = (SELECT min(m.deferred_due) FROM case_materials m
                             WHERE m.case_id = cases.id AND m.deferred_due IS NOT NULL AND m.received_later_on IS NULL)
 WHERE id IN (SELECT case_id FROM case_materials WHERE deferred_due IS NOT NULL AND received_later_on IS NULL);

CREATE INDEX cases_open_deferred ON cases (open_deferred_due, id) WHERE status = 'in_progress' AND open_deferred_due IS NOT NULL;

CREATE TRIGGER case_materials_open_deferred_insert AFTER INSERT ON case_materials
WHEN NEW.deferred_due IS NOT NULL AND NEW.received_later_on IS NULL
BEGIN
  UPDATE cases SET open_deferred_due = (SELECT min(m.deferred_due) FROM case_materials m
                                         WHERE m.case_id = NEW.case_id AND m.deferred_due IS NOT NULL AND m.received_later_on IS NULL)
   WHERE id = NEW.case_id;
END;

CREATE TRIGGER case_materials_open_deferred_update AFTER UPDATE OF case_id, deferred_due, received_later_on ON case_materials
WHEN OLD.deferred_due IS NOT NULL OR NEW.deferred_due IS NOT NULL
BEGIN
  UPDATE cases SET open_deferred_due = (SELECT min(m.deferred_due) FROM case_materials m
                                         WHERE m.case_id = cases.id AND m.deferred_due IS NOT NULL AND m.received_later_on IS NULL)
   WHERE id IN (OLD.case_id, NEW.case_id);
END;

CREATE TRIGGER case_materials_open_deferred_delete AFTER DELETE ON case_materials
WHEN OLD.deferred_due IS NOT NULL
BEGIN
  UPDATE cases SET open_deferred_due = (SELECT min(m.deferred_due) FROM case_materials m
                                         WHERE m.case_id = OLD.case_id AND m.deferred_due IS NOT NULL AND m.received_later_on IS NULL)
   WHERE id = OLD.case_id;
END;
