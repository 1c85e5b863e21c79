-- Removing a topic from a contact cost ~44 ms of the single writer per topic on the bench's file of 100,000 cases
-- (432,000 CaseTopicYear rows; docs/performance.md, "Closing a case, session 31"; decision 256): the two
-- ContactTopic triggers of decision 044 that take a mention away found its (year, case, topic) row by
-- `("year", "caseId") IN (SELECT ...)`, of which SQLite uses only the year on the primary key (a year's rows
-- walked), and removed a row at zero by `"topicId" = ? AND "mentions" <= 0`, which has no index (the whole table
-- walked). Editing a contact's topics deletes all of them and inserts the new ones (updateContact), so each
-- edit paid this once per topic it had. The row's key is now named column by column (a contact has one year and
-- one case: the same row), and the zero row is looked for under that key only: a row at zero exists only
-- for the moment between the two statements (the table has none otherwise, tests/case-topic-year.test.ts),
-- and only under the key just decremented. When the contact row is already gone (its own deletion), the
-- key is NULL, nothing is touched, and the contact's trigger recounts, as before.

DROP TRIGGER "CaseTopicYear_topic_delete";
DROP TRIGGER "CaseTopicYear_topic_update";

CREATE TRIGGER "CaseTopicYear_topic_delete" AFTER DELETE ON "ContactTopic"
BEGIN
  UPDATE "CaseTopicYear" SET "mentions" = "mentions" - 1
  WHERE "year" = (SELECT CAST(substr(k."date", 1, 4) AS INTEGER) - (k."date" < substr(k."date", 1, 4) || '-01-01T00:00:00.000+00:00')
      FROM "Contact" k WHERE k."id" = OLD."contactId")
    AND "caseId" = (SELECT k."caseId" FROM "Contact" k WHERE k."id" = OLD."contactId") AND "topicId" = OLD."topicId";
  DELETE FROM "CaseTopicYear"
  WHERE "year" = (SELECT CAST(substr(k."date", 1, 4) AS INTEGER) - (k."date" < substr(k."date", 1, 4) || '-01-01T00:00:00.000+00:00')
      FROM "Contact" k WHERE k."id" = OLD."contactId")
    AND "caseId" = (SELECT k."caseId" FROM "Contact" k WHERE k."id" = OLD."contactId") AND "topicId" = OLD."topicId"
    AND "mentions" <= 0;
END;

CREATE TRIGGER "CaseTopicYear_topic_update" AFTER UPDATE OF "contactId", "topicId" ON "ContactTopic"
BEGIN
  UPDATE "CaseTopicYear" SET "mentions" = "mentions" - 1
  WHERE "year" = (SELECT CAST(substr(k."date", 1, 4) AS INTEGER) - (k."date" < substr(k."date", 1, 4) || '-01-01T00:00:00.000+00:00')
      FROM "Contact" k WHERE k."id" = OLD."contactId")
    AND "caseId" = (SELECT k."caseId" FROM "Contact" k WHERE k."id" = OLD."contactId") AND "topicId" = OLD."topicId";
  DELETE FROM "CaseTopicYear"
  WHERE "year" = (SELECT CAST(substr(k."date", 1, 4) AS INTEGER) - (k."date" < substr(k."date", 1, 4) || '-01-01T00:00:00.000+00:00')
      FROM "Contact" k WHERE k."id" = OLD."contactId")
    AND "caseId" = (SELECT k."caseId" FROM "Contact" k WHERE k."id" = OLD."contactId") AND "topicId" = OLD."topicId"
    AND "mentions" <= 0;
  INSERT INTO "CaseTopicYear" ("year", "caseId", "topicId", "mentions")
  SELECT CAST(substr(k."date", 1, 4) AS INTEGER) - (k."date" < substr(k."date", 1, 4) || '-01-01T00:00:00.000+00:00'),
    k."caseId", NEW."topicId", 1
  FROM "Contact" k WHERE k."id" = NEW."contactId"
  ON CONFLICT ("year", "caseId", "topicId") DO UPDATE SET "mentions" = "mentions" + 1;
END;
